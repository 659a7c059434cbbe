"""Who sees which plan and visit: anonymous → login, outsiders → 404, read-only roles → 403 on edits."""

import pytest
from django.urls import reverse

from inspections.models import Plan

ALL = ["anonymous", "office", "head", "member", "liaison", "leader", "other_member", "other_liaison"]


def _get(client, personas, who, url):
    if personas[who] is not None:
        client.force_login(personas[who])
    return client.get(url)


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


PLAN_DETAIL = {
    "anonymous": "login",
    "office": 200,
    "head": 200,
    "member": 200,
    "liaison": 200,
    "leader": 200,
    "other_member": 404,
    "other_liaison": 404,
}
PLAN_EDIT = {**PLAN_DETAIL, "head": 403, "member": 403, "liaison": 403, "leader": 403}


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize(
    ("name", "key", "matrix"),
    [
        ("inspections:plan_detail", "pk", PLAN_DETAIL),
        ("inspections:plan_edit", "pk", PLAN_EDIT),
        ("inspections:decision_create", "plan_pk", PLAN_EDIT),
        ("inspections:visit_create", "plan_pk", PLAN_EDIT),
    ],
)
def test_plan_pages(client, demo, personas, who, name, key, matrix):
    url = reverse(name, kwargs={key: demo.plan.pk})
    _expect(_get(client, personas, who, url), matrix[who])


VISIT_NGOC_HOI = {**PLAN_DETAIL}
VISIT_OTHER = {**PLAN_DETAIL, "liaison": 404}
VISIT_EDIT = {**PLAN_DETAIL, "member": 403, "liaison": 403, "leader": 403}


@pytest.mark.parametrize("who", ALL)
def test_visit_pages(client, demo, personas, who):
    own = demo.visit("Ngọc Hồi")
    other = demo.visit("Sở Nội vụ")
    _expect(_get(client, personas, who, reverse("inspections:visit_detail", args=[own.pk])), VISIT_NGOC_HOI[who])
    client.logout()
    _expect(_get(client, personas, who, reverse("inspections:visit_detail", args=[other.pk])), VISIT_OTHER[who])
    client.logout()
    _expect(_get(client, personas, who, reverse("inspections:visit_edit", args=[own.pk])), VISIT_EDIT[who])


def test_decision_edit_is_office_only(client, demo, personas):
    url = reverse("inspections:decision_edit", args=[demo.plan.decisions.get().pk])
    for who, expected in PLAN_EDIT.items():
        client.logout()
        _expect(_get(client, personas, who, url), expected)


def test_liaison_sees_only_its_own_agency_on_the_plan_page(client, demo, personas):
    client.force_login(personas["liaison"])
    page = client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    assert "UBND huyện Ngọc Hồi" in page
    assert "Sở Nội vụ" not in page.split('id="schedule"')[1].split("</table>")[0]


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("office", {"1978/KH-UBND", "12/KH-UBND"}),
        ("leader", {"1978/KH-UBND", "12/KH-UBND"}),
        ("head", {"1978/KH-UBND"}),
        ("member", {"1978/KH-UBND"}),
        ("liaison", {"1978/KH-UBND"}),
        ("other_member", {"12/KH-UBND"}),
        ("other_liaison", set()),
    ],
)
def test_plan_list_and_queryset_scoping(client, demo, personas, who, visible):
    user = personas[who]
    assert set(Plan.objects.visible_to(user).values_list("number", flat=True)) == visible
    client.force_login(user)
    page = client.get(reverse("inspections:plan_list")).content.decode()
    for number in {"1978/KH-UBND", "12/KH-UBND"}:
        assert (f">{number}</a>" in page) == (number in visible)


def test_only_office_sees_the_create_button_and_page(client, demo, personas):
    for who in ["head", "member", "liaison", "leader"]:
        client.force_login(personas[who])
        assert "Tạo kế hoạch" not in client.get(reverse("inspections:plan_list")).content.decode()
        assert client.get(reverse("inspections:plan_create")).status_code == 403
    client.force_login(personas["office"])
    assert "Tạo kế hoạch" in client.get(reverse("inspections:plan_list")).content.decode()
