"""Rows entered by mistake are deleted in the pages (issue 15: no admin for daily work), never once work began."""

import datetime

from django.urls import reverse

from inspections.models import Plan, Visit


def _draft(demo) -> Plan:
    return Plan.objects.create(
        number="99/KH-UBND",
        title="Kế hoạch nhập nhầm",
        year=2020,
        issuer=demo.plan.issuer,
        issued_on=datetime.date(2020, 3, 1),
        period_start=datetime.date(2020, 4, 1),
        period_end=datetime.date(2020, 4, 30),
    )


def test_the_office_deletes_a_draft_plan_and_its_schedule(client, demo):
    draft = _draft(demo)
    Visit.objects.create(
        plan=draft,
        agency=demo.visit("Ngọc Hồi").agency,
        planned_start=datetime.date(2020, 4, 2),
        planned_end=datetime.date(2020, 4, 2),
    )
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:plan_detail", args=[draft.pk])).content.decode()
    assert reverse("inspections:plan_delete", args=[draft.pk]) in page and "Xóa dự thảo" in page
    response = client.post(reverse("inspections:plan_delete", args=[draft.pk]), follow=True)
    assert "Đã xóa kế hoạch dự thảo 99/KH-UBND." in response.content.decode()
    assert not Plan.objects.filter(pk=draft.pk).exists() and not Visit.objects.filter(plan_id=draft.pk).exists()
    assert draft.history.filter(history_type="-").exists()  # the audit keeps who deleted it


def test_an_issued_plan_is_not_deleted_and_says_why(client, demo):
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    assert reverse("inspections:plan_delete", args=[demo.plan.pk]) not in page  # not offered
    response = client.post(reverse("inspections:plan_delete", args=[demo.plan.pk]), follow=True)
    assert "Chỉ xóa được kế hoạch đang là dự thảo." in response.content.decode()
    assert Plan.objects.filter(pk=demo.plan.pk).exists()


def test_a_draft_with_a_started_visit_is_not_deleted(client, demo):
    draft = _draft(demo)
    Visit.objects.create(
        plan=draft,
        agency=demo.visit("Ngọc Hồi").agency,
        planned_start=datetime.date(2020, 4, 2),
        planned_end=datetime.date(2020, 4, 2),
    )
    Visit.objects.filter(plan=draft).update(status=Visit.Status.IN_PROGRESS)
    client.force_login(demo.users["office"])
    response = client.post(reverse("inspections:plan_delete", args=[draft.pk]), follow=True)
    assert "Kế hoạch có cuộc kiểm tra đã bắt đầu: không xóa được." in response.content.decode()
    assert Visit.objects.filter(plan=draft).count() == 1


def test_a_scheduled_visit_is_taken_off_the_schedule_but_a_started_one_stays(client, demo):
    client.force_login(demo.users["office"])
    closed = demo.visit("Ngọc Hồi")
    response = client.post(reverse("inspections:visit_delete", args=[closed.pk]), follow=True)
    assert "Chỉ xóa được cuộc kiểm tra chưa bắt đầu." in response.content.decode()
    assert Visit.objects.filter(pk=closed.pk).exists()
    extra = Visit.objects.create(
        plan=demo.plan,
        agency=demo.plan.issuer,
        planned_start=datetime.date(2020, 9, 1),
        planned_end=datetime.date(2020, 9, 1),
    )
    page = client.get(reverse("inspections:visit_detail", args=[extra.pk])).content.decode()
    assert "Xóa khỏi lịch" in page
    response = client.post(reverse("inspections:visit_delete", args=[extra.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("inspections:plan_detail", args=[demo.plan.pk])
    assert "Đã xóa cuộc kiểm tra tại" in response.content.decode()
    assert not Visit.objects.filter(pk=extra.pk).exists()
