"""A plan's status moves by its steps (draft → issued → in progress → completed), never by the plan form."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from conftest import status_set
from inspections.models import Decision, Plan, TeamMember, Visit
from units.models import Agency, Official


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def new_plan(office_client, demo, **extra) -> Plan:
    data = {
        "number": "25/KH-UBND",
        "issued_on": "15/01/2021",
        "issuer": demo.plan.issuer_id,
        "year": "2021",
        "title": "Kiểm tra công tác kiểm soát TTHC năm 2021",
        "content_areas": "Công khai TTHC",
        "period_start": "01/03/2021",
        "period_end": "31/03/2021",
        **extra,
    }
    assert office_client.post(reverse("inspections:plan_create"), data).status_code == 302
    return Plan.objects.get(number="25/KH-UBND")


def page(client, plan) -> str:
    return client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()


def step(client, name: str, plan) -> str:
    return client.post(reverse(f"inspections:plan_{name}", args=[plan.pk]), follow=True).content.decode()


def test_the_plan_form_cannot_set_a_status(office_client, demo):
    plan = new_plan(office_client, demo, status="completed")
    assert plan.status == Plan.Status.DRAFT
    office_client.post(
        reverse("inspections:plan_edit", args=[plan.pk]),
        {
            "number": plan.number,
            "issued_on": "15/01/2021",
            "issuer": plan.issuer_id,
            "year": "2021",
            "title": "Tiêu đề mới",
            "period_start": "01/03/2021",
            "period_end": "31/03/2021",
            "status": "completed",
        },
    )
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Tiêu đề mới", Plan.Status.DRAFT)


def test_the_office_takes_a_plan_through_its_steps_from_the_plan_page(office_client, demo):
    plan = new_plan(office_client, demo)
    assert "Ban hành kế hoạch" in page(office_client, plan) and "Bắt đầu kiểm tra" not in page(office_client, plan)

    assert "Đã ban hành kế hoạch." in step(office_client, "issue", plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED and "Bắt đầu kiểm tra" in page(office_client, plan)
    assert "Chỉ ban hành được kế hoạch đang là dự thảo." in step(office_client, "issue", plan)

    shown = step(office_client, "start", plan)  # no team yet
    assert "Hãy có quyết định thành lập đoàn (có Trưởng đoàn) trước khi bắt đầu kiểm tra." in shown
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    decision = Decision.objects.create(
        plan=plan,
        number="45/QĐ-UBND",
        issued_on=datetime.date(2021, 2, 1),
        title="Thành lập đoàn",
        signer_name="X",
        signer_position="Chủ tịch",
    )
    head = Official.objects.get(user=User.objects.get(username="head"))
    TeamMember.objects.create(decision=decision, official=head, role=TeamMember.Role.HEAD, home_agency=head.agency)
    assert "Kế hoạch chuyển sang đang kiểm tra." in step(office_client, "start", plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_PROGRESS and "Hoàn thành kế hoạch" in page(office_client, plan)

    assert "Kế hoạch chưa có đơn vị nào trong lịch kiểm tra." in step(office_client, "complete", plan)
    stp = Agency.objects.get(name="Sở Tư pháp")
    visit = Visit.objects.create(
        plan=plan, agency=stp, planned_start=datetime.date(2021, 3, 2), planned_end=datetime.date(2021, 3, 3)
    )
    assert "Còn 1 cuộc kiểm tra chưa kết thúc" in step(office_client, "complete", plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_PROGRESS
    status_set(visit, Visit.Status.CLOSED)
    assert "Kế hoạch đã hoàn thành." in step(office_client, "complete", plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.COMPLETED
    shown = page(office_client, plan)
    assert not any(button in shown for button in ("Ban hành kế hoạch", "Bắt đầu kiểm tra", "Hoàn thành kế hoạch"))
    statuses = list(plan.history.order_by("history_id").values_list("status", "history_user__username"))
    assert statuses[-3:] == [("issued", "office"), ("in_progress", "office"), ("completed", "office")]


def test_the_team_sees_no_step_buttons(client, demo):
    status_set(demo.plan, Plan.Status.IN_PROGRESS)
    client.force_login(demo.users["head"])
    assert "Hoàn thành kế hoạch" not in page(client, demo.plan)
    assert client.post(reverse("inspections:plan_complete", args=[demo.plan.pk])).status_code == 403
    demo.plan.refresh_from_db()
    assert demo.plan.status == Plan.Status.IN_PROGRESS


def test_the_admin_takes_the_same_steps_through_the_services(office_client, demo):
    plan = new_plan(office_client, demo)
    changelist = reverse("admin:inspections_plan_changelist")
    office_client.post(changelist, {"action": "complete", "_selected_action": [plan.pk]})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT  # refused by the service: not in progress
    response = office_client.post(changelist, {"action": "issue", "_selected_action": [plan.pk]}, follow=True)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED and "25/KH-UBND: Đã ban hành" in response.content.decode()
