"""The decision form and its team roster: one head, each person once, dated after the plan."""

import pytest
from django.urls import reverse

from inspections.models import Decision, TeamMember
from units.models import Official


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def roster(members, existing=0):
    data = {
        "team-TOTAL_FORMS": str(len(members)),
        "team-INITIAL_FORMS": str(existing),
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "1000",
    }
    for i, member in enumerate(members):
        for key, value in member.items():
            data[f"team-{i}-{key}"] = value
    return data


def decision_data(**overrides):
    data = {
        "number": "410/QĐ-UBND",
        "issued_on": "30/06/2020",
        "title": "Bổ sung thành viên đoàn",
        "signer_name": "Bùi Văn Hùng",
        "signer_position": "Phó Chủ tịch",
    }
    data.update(overrides)
    return data


def officials(n):
    return list(Official.objects.order_by("pk")[:n])


def test_office_forms_a_team_with_one_head(office_client, demo):
    a, b, c = officials(3)
    data = decision_data() | roster(
        [
            {"official": a.pk, "role": "head", "order": "1"},
            {"official": b.pk, "role": "member", "order": "2"},
            {"official": c.pk, "role": "secretary", "order": "3"},
        ]
    )
    response = office_client.post(reverse("inspections:decision_create", args=[demo.plan.pk]), data)
    assert response.status_code == 302
    decision = Decision.objects.get(number="410/QĐ-UBND")
    assert decision.members.count() == 3
    assert decision.members.get(role="head").home_agency == a.agency  # defaults to the official's agency


@pytest.mark.parametrize(
    ("members", "overrides", "message"),
    [
        ([("member", 0), ("member", 1)], {}, "phải có đúng một Trưởng đoàn (hiện có 0)"),
        ([("head", 0), ("head", 1)], {}, "phải có đúng một Trưởng đoàn (hiện có 2)"),
        ([("head", 0), ("member", 0)], {}, "được cử vào đoàn hơn một lần"),
        ([("head", 0)], {"issued_on": "01/06/2020"}, "không thể trước ngày ban hành kế hoạch (04/06/2020)"),
        ([("head", 0)], {"number": "410/KH-UBND"}, "mã loại văn bản “QĐ”"),
        ([("head", 0)], {"signer_name": ""}, "Trường này là bắt buộc"),
    ],
)
def test_bad_team_is_refused_and_nothing_saved(office_client, demo, members, overrides, message):
    people = officials(2)
    data = decision_data(**overrides) | roster(
        [{"official": people[i].pk, "role": role, "order": str(n)} for n, (role, i) in enumerate(members)]
    )
    before = (Decision.objects.count(), TeamMember.objects.count())
    response = office_client.post(reverse("inspections:decision_create", args=[demo.plan.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Decision.objects.count(), TeamMember.objects.count()) == before


def test_the_head_can_be_swapped_between_two_rows(office_client, demo):
    decision = demo.plan.decisions.get()
    rows = list(decision.members.order_by("order", "pk"))
    head = next(m for m in rows if m.role == "head")
    deputy = next(m for m in rows if m.role == "deputy")
    members = []
    for m in rows:
        role = {head.pk: "member", deputy.pk: "head"}.get(m.pk, m.role)
        members.append(
            {
                "id": m.pk,
                "official": m.official_id,
                "role": role,
                "home_agency": m.home_agency_id,
                "order": m.order,
                "decision": decision.pk,
            }
        )
    # Put the new head before the demoted one, the order that would trip a row-by-row check.
    members.sort(key=lambda m: m["role"] != "head")
    data = decision_data(number=decision.number, issued_on="24/06/2020") | roster(members, existing=len(members))
    response = office_client.post(reverse("inspections:decision_edit", args=[decision.pk]), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    assert decision.members.get(role="head").pk == deputy.pk


def test_team_roster_rules_hold_in_the_admin_too(client, demo):
    admin = demo.users["office"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    decision = demo.plan.decisions.get()
    a, b = officials(2)
    data = {
        "plan": demo.plan.pk,
        "number": "411/QĐ-UBND",
        "issued_on": "30/06/2020",
        "title": "T",
        "signer_name": "S",
        "signer_position": "P",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-official": a.pk,
        "members-0-role": "head",
        "members-0-order": "0",
        "members-1-official": b.pk,
        "members-1-role": "head",
        "members-1-order": "1",
    }
    response = client.post(reverse("admin:inspections_decision_add"), data)
    assert response.status_code == 200
    assert "phải có đúng một Trưởng đoàn (hiện có 2)" in response.content.decode()
    assert Decision.objects.count() == 1 and decision.members.count() == 5
