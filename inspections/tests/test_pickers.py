"""Pickers: searchable, accent-insensitive, namesakes told apart, only agencies valid on the day, constant queries."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.models import Decision, Plan, TeamMember
from inspections.tests.test_decision_form import decision_data, roster
from units.models import AdminArea, Agency, Kind, Level, Official

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


@pytest.fixture
def quang_ngai(demo):
    """The 2025 province and its namesake departments (the Kon Tum ones end on 30/06/2025)."""
    area = AdminArea.objects.get(edition=AdminArea.Edition.REFORM_2025, level=Level.PROVINCE, code=51)
    snv = Agency.objects.create(
        name="Sở Nội vụ", kind=Kind.DEPARTMENT, level=Level.PROVINCE, area=area, valid_from=REFORM
    )
    old = Agency.objects.get(name="Sở Nội vụ", valid_to__isnull=False)
    old.successors.add(snv)
    return {"area": area, "snv": snv, "old_snv": old, "ubnd": Agency.objects.get(name="UBND tỉnh Quảng Ngãi")}


def options(page: str) -> list[str]:
    return re.findall(r'data-label="([^"]*)"', page)


def test_namesakes_are_told_apart_by_area_and_validity(office_client, quang_ngai):
    labels = options(office_client.get(reverse("pickers:agency"), {"q": "so noi vu"}).content.decode())
    assert "Sở Nội vụ — Sở, ban, ngành · tỉnh Kon Tum · thuộc UBND tỉnh Kon Tum · đến 30/06/2025" in labels
    assert "Sở Nội vụ — Sở, ban, ngành · tỉnh Quảng Ngãi · từ 01/07/2025" in labels


def test_only_agencies_valid_on_the_day_are_offered_and_the_successor_is_named(office_client, quang_ngai):
    page = office_client.get(reverse("pickers:agency"), {"q": "Sở Nội vụ", "on": "02/03/2026"}).content.decode()
    assert options(page) == ["Sở Nội vụ — Sở, ban, ngành · tỉnh Quảng Ngãi · từ 01/07/2025"]
    assert "Sở Nội vụ đã thôi hoạt động từ 01/07/2025; cơ quan kế thừa: Sở Nội vụ." in page


def plan_2026(issuer) -> Plan:
    return Plan.objects.create(
        number="15/KH-UBND",
        issued_on=datetime.date(2026, 1, 15),
        issuer=issuer,
        year=2026,
        title="Kiểm tra công tác kiểm soát TTHC năm 2026",
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 4, 30),
    )


def test_a_dissolved_agency_is_refused_for_a_2026_visit_naming_its_successor(office_client, quang_ngai):
    plan = plan_2026(quang_ngai["ubnd"])
    url = reverse("inspections:visit_create", args=[plan.pk])
    data = {"agency": quang_ngai["old_snv"].pk, "planned_start": "02/03/2026", "planned_end": "03/03/2026"}
    page = office_client.post(url, data).content.decode()
    assert "đã thôi hoạt động từ 01/07/2025; cơ quan kế thừa: Sở Nội vụ" in page
    assert not plan.visits.exists()
    assert office_client.post(url, {**data, "agency": quang_ngai["snv"].pk}).status_code == 302
    assert plan.visits.get().agency == quang_ngai["snv"]


def test_a_plan_issued_by_a_dissolved_agency_is_refused(office_client, quang_ngai):
    old = Agency.objects.get(name="UBND tỉnh Kon Tum")
    data = {
        "number": "16/KH-UBND",
        "issued_on": "15/01/2026",
        "issuer": old.pk,
        "year": 2026,
        "title": "Kế hoạch 2026",
        "period_start": "01/03/2026",
        "period_end": "30/04/2026",
    }
    page = office_client.post(reverse("inspections:plan_create"), data).content.decode()
    assert "cơ quan kế thừa: UBND tỉnh Quảng Ngãi" in page
    assert not Plan.objects.filter(number="16/KH-UBND").exists()


def test_people_met_are_offered_from_the_visited_agency(office_client, demo):
    visit = demo.visit("Ngọc Hồi")
    page = office_client.get(reverse("pickers:official"), {"agency_field": "agency", "agency": visit.agency_id})
    labels = options(page.content.decode())
    assert labels and all("Ngọc Hồi" in label or "Plei Kần" in label for label in labels)
    assert any("Võ Văn Giang" in label for label in labels)


def test_add_a_person_inline_creates_an_official_of_the_visited_agency(office_client, demo):
    visit = demo.visit("Ngọc Hồi")
    response = office_client.post(
        reverse("pickers:person_add", args=[visit.pk]), {"new_full_name": "Y Nhân", "new_position": "Công chức"}
    )
    official = Official.objects.get(full_name="Y Nhân")
    assert official.agency == visit.agency and official.position == "Công chức"
    assert f'name="people_met" value="{official.pk}"' in response.content.decode()


def test_the_team_grows_to_five_in_one_save(office_client, demo):
    plan = plan_2026(Agency.objects.get(name="UBND tỉnh Quảng Ngãi"))
    people = [Official.objects.create(full_name=f"Người {i}", agency=plan.issuer) for i in range(5)]
    roles = [TeamMember.Role.HEAD, TeamMember.Role.DEPUTY, TeamMember.Role.MEMBER, TeamMember.Role.MEMBER]
    members = [{"official": p.pk, "role": r} for p, r in zip(people, [*roles, TeamMember.Role.SECRETARY], strict=True)]
    page = office_client.get(reverse("inspections:decision_create", args=[plan.pk])).content.decode()
    assert 'data-formset-add="team"' in page and "team-__prefix__-official" in page
    response = office_client.post(
        reverse("inspections:decision_create", args=[plan.pk]),
        {**decision_data(number="20/QĐ-UBND", issued_on="20/01/2026"), **roster(members)},
    )
    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    decision = Decision.objects.get(plan=plan)
    assert decision.members.count() == 5
    assert set(decision.members.values_list("home_agency", flat=True)) == {plan.issuer.pk}


def grow_directory(to: int) -> None:
    area = AdminArea.objects.filter(level=Level.COMMUNE).order_by("pk").first()
    parent = Agency.objects.get(name="UBND tỉnh Quảng Ngãi")
    missing = to - Agency.objects.count()
    Agency.objects.bulk_create(
        [
            Agency(
                name=f"UBND xã Thử {i}",
                search_name=f"ubnd xa thu {i}",
                kind=Kind.PEOPLES_COMMITTEE,
                level=Level.COMMUNE,
                area=area,
                parent=parent,
                valid_from=REFORM,
            )
            for i in range(missing)
        ]
    )


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("pickers:agency", {"q": "ubnd", "on": "02/03/2026"}),
        ("pickers:agency", {"q": ""}),
        ("pickers:official", {"q": "nguyen"}),
        ("units:area_search", {"q": "xa"}),
    ],
)
def test_picker_query_counts_stay_constant_as_the_directory_grows_to_3000(
    office_client, demo, django_assert_num_queries, url, params
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office_client.get(reverse(url), params)  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as small:
        office_client.get(reverse(url), params)
    grow_directory(3000)
    assert Agency.objects.count() >= 3000
    with django_assert_num_queries(len(small.captured_queries)):
        page = office_client.get(reverse(url), params).content.decode()
    assert len(options(page)) <= 20
