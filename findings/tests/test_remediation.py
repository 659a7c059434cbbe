"""Remediation follow-up: conclusion → actions → report → verify/return, extensions, reminders."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from findings.models import DeadlineExtension, Finding, RemediationAction, ReminderSent
from findings.remediation import services
from findings.tests.conftest import image_upload
from inspections.models import Visit
from notices.models import Notification
from units.roles import GROUP_NAMES, Role

D = datetime.date
Status = RemediationAction.Status


@pytest.fixture
def open_action(demo) -> RemediationAction:
    """Ngọc Hồi's still-open action (the demo's satisfaction-form limitation, long overdue)."""
    return RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status=Status.OPEN)


def report(client, action, text="Đã niêm yết lại đúng mẫu.", with_file=True):
    data = {"text": text, "caption": "Ảnh bảng niêm yết", "revision": action.revision}
    if with_file:
        data["file"] = image_upload()
    return client.post(reverse("findings:action_report", args=[action.pk]), data)


def test_conclusion_turns_each_limitation_into_an_action(demo, client):
    visit = demo.visit("Sở Nội vụ")
    assert visit.actions.count() == Finding.objects.filter(visit=visit, kind="limitation").count() == 1
    action = visit.actions.get()
    assert action.deadline == D(2020, 10, 15) and visit.conclusion_issued_on == D(2020, 9, 15)
    with pytest.raises(services.RemediationError, match="đã được ban hành"):
        services.conclusion_issue(visit=visit, issued_on=D(2020, 9, 20), user=demo.users["office"])


def test_conclusion_is_refused_before_submission_and_before_the_visit_ended(demo):
    visit = demo.visit("Sở Nội vụ")
    Visit.objects.filter(pk=visit.pk).update(conclusion_issued_on=None, status=Visit.Status.IN_PROGRESS)
    visit.refresh_from_db()
    with pytest.raises(services.RemediationError, match="đã nộp kết quả"):
        services.conclusion_issue(visit=visit, issued_on=D(2020, 9, 20), user=demo.users["office"])
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CLOSED)
    visit.refresh_from_db()
    with pytest.raises(services.RemediationError, match="trước ngày kết thúc kiểm tra"):
        services.conclusion_issue(visit=visit, issued_on=D(2020, 8, 1), user=demo.users["office"])


def test_deadline_before_the_conclusion_is_refused_and_nothing_saved(client, demo, open_action):
    client.force_login(demo.users["office"])
    data = {
        "description": open_action.description,
        "measure": "Khác",
        "deadline": "01/09/2020",
        "revision": open_action.revision,
    }
    response = client.post(reverse("findings:action_edit", args=[open_action.pk]), data)
    assert "không thể trước ngày ban hành kết luận (15/09/2020)" in response.content.decode()
    open_action.refresh_from_db()
    assert open_action.deadline == D(2020, 10, 15) and open_action.measure != "Khác"
    response = client.post(
        reverse("findings:action_create", args=[open_action.visit_id]),
        {"description": "Thêm", "measure": "Làm", "deadline": "14/09/2020"},
    )
    assert "không thể trước ngày ban hành kết luận" in response.content.decode()
    assert RemediationAction.objects.filter(description="Thêm").count() == 0


@pytest.mark.parametrize(
    ("text", "with_file", "message"),
    [("", True, "Hãy mô tả kết quả khắc phục"), ("Đã làm", False, "ít nhất một minh chứng")],
)
def test_report_without_text_or_evidence_is_refused(client, demo, open_action, text, with_file, message):
    client.force_login(demo.users["liaison"])
    response = report(client, open_action, text=text, with_file=with_file)
    assert message in response.content.decode()
    open_action.refresh_from_db()
    assert open_action.status == Status.OPEN and open_action.report_evidence.count() == 0


def test_report_with_a_fake_photo_is_refused(client, demo, open_action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(demo.users["liaison"])
    data = {
        "text": "Đã làm",
        "caption": "x",
        "revision": open_action.revision,
        "file": SimpleUploadedFile("anh.jpg", b"<html></html>", "image/jpeg"),
    }
    response = client.post(reverse("findings:action_report", args=[open_action.pk]), data)
    assert "không phải định dạng đó" in response.content.decode()
    open_action.refresh_from_db()
    assert open_action.status == Status.OPEN


def test_liaison_reports_head_returns_liaison_reports_again_office_verifies(client, demo, open_action):
    client.force_login(demo.users["liaison"])
    assert report(client, open_action).status_code == 302
    open_action.refresh_from_db()
    assert (open_action.status, open_action.reported_by) == (Status.REPORTED, demo.users["liaison"])
    action_url = reverse("findings:action_detail", args=[open_action.pk])
    assert Notification.objects.filter(user=demo.users["office"], url=action_url, kind="action_reported").exists()
    client.force_login(demo.users["head"])
    response = client.post(reverse("findings:action_return", args=[open_action.pk]), {"comment": ""})
    assert "Hãy ghi rõ lý do trả lại" in response.content.decode()
    client.post(reverse("findings:action_return", args=[open_action.pk]), {"comment": "Thiếu ảnh phiếu"})
    open_action.refresh_from_db()
    assert (open_action.status, open_action.review_comment) == (Status.RETURNED, "Thiếu ảnh phiếu")
    client.force_login(demo.users["liaison"])
    report(client, open_action, text="Đã bổ sung ảnh phiếu")
    client.force_login(demo.users["office"])
    client.post(reverse("findings:action_verify", args=[open_action.pk]), {"comment": "Đạt"})
    open_action.refresh_from_db()
    assert open_action.status == Status.VERIFIED and open_action.reviewed_by == demo.users["office"]
    statuses = list(open_action.history.order_by("history_date").values_list("status", "history_user__username"))
    steps = [s for i, (s, _u) in enumerate(statuses) if i == 0 or statuses[i - 1][0] != s]
    assert steps[-4:] == ["reported", "returned", "reported", "verified"]
    assert ("reported", "liaison") in statuses and ("verified", "office") in statuses
    # A closed action is read-only for everyone.
    client.force_login(demo.users["liaison"])
    assert report(client, open_action).status_code == 403
    client.force_login(demo.users["office"])
    response = client.post(
        reverse("findings:action_edit", args=[open_action.pk]),
        {"description": "x", "measure": "y", "deadline": "01/12/2020", "revision": 99},
    )
    assert response.status_code == 403


def test_no_one_verifies_their_own_report(client, demo, open_action):
    liaison = demo.users["liaison"]
    liaison.groups.add(Group.objects.get(name=GROUP_NAMES[Role.OFFICE]))  # someone with both hats
    client.force_login(liaison)
    report(client, open_action)
    response = client.post(reverse("findings:action_verify", args=[open_action.pk]), {"comment": ""})
    assert "Không tự xác minh báo cáo do chính mình gửi" in response.content.decode()
    open_action.refresh_from_db()
    assert open_action.status == Status.REPORTED


def test_extension_request_and_decision(client, demo, open_action):
    client.force_login(demo.users["liaison"])
    url = reverse("findings:extension_request", args=[open_action.pk])
    response = client.post(url, {"new_deadline": "01/10/2020", "reason": "Chờ in phiếu"})
    assert "phải sau thời hạn hiện tại (15/10/2020)" in response.content.decode()
    response = client.post(url, {"new_deadline": "30/11/2020", "reason": ""})
    assert "Hãy nêu lý do" in response.content.decode()
    assert not DeadlineExtension.objects.exists()
    client.post(url, {"new_deadline": "30/11/2020", "reason": "Chờ kinh phí in phiếu"})
    extension = DeadlineExtension.objects.get()
    assert "Đã có một đề nghị" in client.post(url, {"new_deadline": "31/12/2020", "reason": "x"}).content.decode()
    client.force_login(demo.users["head"])
    assert client.post(reverse("findings:extension_grant", args=[extension.pk])).status_code == 403
    client.force_login(demo.users["office"])
    client.post(reverse("findings:extension_refuse", args=[extension.pk]), {"comment": ""}, follow=True)
    extension.refresh_from_db()
    assert extension.status == "pending"  # refusing needs a reason
    client.post(reverse("findings:extension_grant", args=[extension.pk]), {"comment": "Đồng ý"})
    open_action.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == "granted" and open_action.deadline == D(2020, 11, 30)
    assert Notification.objects.filter(user=demo.users["liaison"], message__contains="30/11/2020").exists()


def test_reminder_kinds():
    deadline = D(2026, 12, 31)
    assert services.reminder_kind(deadline, D(2026, 11, 1)) is None
    assert services.reminder_kind(deadline, D(2026, 12, 1)) == "due-30"
    assert services.reminder_kind(deadline, D(2026, 12, 24)) == "due-7"
    assert services.reminder_kind(deadline, D(2026, 12, 30)) == "due-1"
    assert services.reminder_kind(deadline, D(2027, 1, 1)) == "overdue-w0"
    assert services.reminder_kind(deadline, D(2027, 1, 7)) == "overdue-w0"
    assert services.reminder_kind(deadline, D(2027, 1, 8)) == "overdue-w1"


def test_reminders_are_sent_exactly_once_across_two_beat_runs(
    demo, open_action, mailoutbox, django_capture_on_commit_callbacks
):
    demo.users["liaison"].email = "dau-moi@ngochoi.kontum.gov.vn"
    demo.users["liaison"].save()
    RemediationAction.objects.exclude(pk=open_action.pk).update(status=Status.VERIFIED)
    RemediationAction.objects.filter(pk=open_action.pk).update(deadline=D(2026, 12, 7))
    today = D(2026, 11, 30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=today) == 0  # beat fired twice, or a worker restarted
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dau-moi@ngochoi.kontum.gov.vn"]
    assert "Còn 7 ngày đến hạn khắc phục" in message.subject and "07/12/2026" in message.body
    assert services.reminders_send(today=D(2026, 12, 6)) == 1  # the 1-day reminder is another one
    assert services.reminders_send(today=D(2026, 12, 8)) == 1  # overdue: week 0, escalated to the office
    assert services.reminders_send(today=D(2026, 12, 10)) == 0
    assert services.reminders_send(today=D(2026, 12, 15)) == 1  # week 1
    assert list(ReminderSent.objects.order_by("sent_at").values_list("kind", flat=True)) == [
        "due-7",
        "due-1",
        "overdue-w0",
        "overdue-w1",
    ]
    assert Notification.objects.filter(user=demo.users["office"], message__startswith="Quá hạn").count() == 2


def test_the_beat_task_is_thin_and_uses_todays_date(demo, open_action):
    from findings.tasks import remediation_reminders

    RemediationAction.objects.exclude(pk=open_action.pk).update(status=Status.VERIFIED)
    first = remediation_reminders.delay().get()
    second = remediation_reminders.delay().get()
    assert (first, second) == (1, 0)
