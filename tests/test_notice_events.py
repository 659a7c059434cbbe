"""Every workflow event notifies the people who must act: one in-app row and one e-mail per recipient, once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_user
from findings import services as visit_services
from findings.models import ItemResult, RemediationAction
from findings.remediation import services as remediation
from findings.tests import conftest as findings_fixtures
from findings.tests.conftest import image_upload
from inspections.models import Visit
from notices import services
from notices.models import EmailPreference, Kind, Notification
from units.models import Official
from units.roles import Role

D = datetime.date
SITE = "https://kiemtra.kontum.gov.vn"
open_visit = findings_fixtures.open_visit  # Ngọc Hồi's visit, started by the member


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def people(demo):
    """The demo's accounts with addresses, plus an account for the deputy head (Trần Thị B)."""
    deputy = make_user("deputy", Role.TEAM_MEMBER, demo.users["head"].official.agency, "Phó đoàn")
    deputy.official.delete()
    Official.objects.filter(full_name="Trần Thị B").update(user=deputy)
    users = {**demo.users, "deputy": deputy}
    for name, user in users.items():
        user.email = f"{name}@kontum.gov.vn"
        user.save(update_fields=["email"])
    Notification.objects.all().delete()  # the demo's own remediation notices: count this test's only
    return users


def notices_of(kind: str) -> dict[str, Notification]:
    rows = Notification.objects.filter(kind=kind).select_related("user")
    assert len({n.user_id for n in rows}) == len(rows), "one notice per recipient"
    return {n.user.username: n for n in rows}


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def submitted_visit(visit: Visit, user, commit) -> Visit:
    ItemResult.objects.filter(visit=visit).update(result="pass")
    with commit(execute=True):
        return visit_services.visit_submit(visit=visit, user=user)


def test_a_submitted_visit_notifies_head_and_deputy_once_in_app_and_by_mail(
    open_visit, people, mailoutbox, django_capture_on_commit_callbacks
):
    submitted_visit(open_visit, people["member"], django_capture_on_commit_callbacks)
    notices = notices_of(Kind.VISIT_SUBMITTED)
    assert sorted(notices) == ["deputy", "head"]
    url = reverse("findings:workspace", args=[open_visit.pk])
    assert {n.url for n in notices.values()} == {url}
    assert "UBND huyện Ngọc Hồi" in notices["head"].message
    assert [n.email_status for n in notices.values()] == ["sent", "sent"]
    assert sorted(m.to[0] for m in mail.outbox) == ["deputy@kontum.gov.vn", "head@kontum.gov.vn"]
    message = mails_to("head@kontum.gov.vn")[0]
    assert "Đoàn đã nộp kết quả kiểm tra tại UBND huyện Ngọc Hồi" in message.subject
    assert f"{SITE}{url}" in message.body and f'href="{SITE}{url}"' in html_of(message)
    assert "Xem trên hệ thống" in message.body
    # A duplicate delivery of the e-mail task, or the sweep, sends nothing more.
    assert services.emails_send(ids=[n.pk for n in notices.values()]) == 0
    assert services.emails_sweep(resend_after=0, stale_after=0) == {"requeued": 0, "failed": 0, "resent": 0}
    assert len(mail.outbox) == 2


def test_a_returned_visit_notifies_the_members_with_the_comment(
    open_visit, people, mailoutbox, django_capture_on_commit_callbacks
):
    visit = submitted_visit(open_visit, people["member"], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_services.visit_return(visit=visit, user=people["head"], comment="Bổ sung ảnh bảng niêm yết")
    notices = notices_of(Kind.VISIT_RETURNED)
    assert sorted(notices) == ["member"]
    assert "Bổ sung ảnh bảng niêm yết" in notices["member"].detail
    (message,) = mail.outbox
    assert message.to == ["member@kontum.gov.vn"] and "Bổ sung ảnh bảng niêm yết" in message.body
    assert "Bổ sung ảnh bảng niêm yết" in html_of(message)


def test_a_closed_visit_notifies_the_team_but_not_who_closed_it(
    open_visit, people, mailoutbox, django_capture_on_commit_callbacks
):
    visit = submitted_visit(open_visit, people["member"], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_services.visit_close(visit=visit, user=people["head"])
    notices = notices_of(Kind.VISIT_CLOSED)
    assert sorted(notices) == ["deputy", "member"]
    assert notices["member"].url == reverse("inspections:visit_detail", args=[visit.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["deputy@kontum.gov.vn", "member@kontum.gov.vn"]


def test_a_document_ready_notifies_who_asked_once(demo, people, mailoutbox, django_capture_on_commit_callbacks):
    from reports import services as report_services
    from reports.models import Kind as DocumentKind

    with django_capture_on_commit_callbacks(execute=True):
        job = report_services.document_request(plan=demo.plan, kind=DocumentKind.REPORT, user=people["office"])
    job.refresh_from_db()
    assert job.status == "done"
    notices = notices_of(Kind.DOCUMENT_READY)
    assert sorted(notices) == ["office"]
    assert notices["office"].key == f"render-job:{job.pk}"
    assert notices["office"].url == reverse("inspections:plan_detail", args=[demo.plan.pk])
    assert "1978/KH-UBND" in notices["office"].message
    assert [m.to for m in mail.outbox] == [["office@kontum.gov.vn"]]
    from reports.job_notices import document_ready

    document_ready(job)  # a re-run of the job's last step: the key keeps it single
    assert Notification.objects.filter(kind=Kind.DOCUMENT_READY).count() == 1


def test_a_conclusion_notifies_the_agencys_liaisons(demo, people, mailoutbox, django_capture_on_commit_callbacks):
    visit = demo.visit("Ngọc Hồi")
    visit.actions.all().delete()
    Visit.objects.filter(pk=visit.pk).update(conclusion_issued_on=None)
    visit.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions = remediation.conclusion_issue(visit=visit, issued_on=D(2020, 9, 15), user=people["office"])
    notices = notices_of(Kind.CONCLUSION_ISSUED)
    assert sorted(notices) == ["liaison"]
    notice = notices["liaison"]
    assert f"{len(actions)} biện pháp khắc phục" in notice.message and "15/09/2020" in notice.message
    assert notice.url == reverse("inspections:visit_detail", args=[visit.pk])
    assert actions[0].measure[:40] in notice.detail
    assert [m.to for m in mail.outbox] == [["liaison@kontum.gov.vn"]]


def test_due_and_overdue_reminders_reach_liaison_and_office_once(
    demo, people, mailoutbox, django_capture_on_commit_callbacks
):
    action = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status="open")
    RemediationAction.objects.exclude(pk=action.pk).update(status="verified")
    RemediationAction.objects.filter(pk=action.pk).update(deadline=D(2026, 12, 7))
    for today in (D(2026, 11, 30), D(2026, 11, 30), D(2026, 12, 8), D(2026, 12, 9)):
        with django_capture_on_commit_callbacks(execute=True):
            remediation.reminders_send(today=today)
    due, overdue = notices_of(Kind.ACTION_DUE), notices_of(Kind.ACTION_OVERDUE)
    assert sorted(due) == sorted(overdue) == ["liaison", "office"]
    assert due["office"].url == reverse("findings:action_detail", args=[action.pk])
    assert "Còn 7 ngày" in due["liaison"].message and "Quá hạn khắc phục 1 ngày" in overdue["office"].message
    assert len(mails_to("liaison@kontum.gov.vn")) == len(mails_to("office@kontum.gov.vn")) == 2
    assert len(mail.outbox) == 4


def test_report_extension_and_decision_notify_office_and_liaison(
    demo, people, mailoutbox, django_capture_on_commit_callbacks
):
    action = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status="open")
    with django_capture_on_commit_callbacks(execute=True):
        extension = remediation.extension_request(
            action=action, user=people["liaison"], new_deadline=D(2020, 11, 30), reason="Chờ kinh phí"
        )
    assert "office" in notices_of(Kind.EXTENSION_REQUESTED)
    assert "liaison" not in notices_of(Kind.EXTENSION_REQUESTED)
    with django_capture_on_commit_callbacks(execute=True):
        remediation.extension_decide(extension=extension, user=people["office"], grant=False, comment="Không đủ lý do")
    decided = notices_of(Kind.EXTENSION_DECIDED)
    assert sorted(decided) == ["liaison"] and "Không đủ lý do" in decided["liaison"].detail
    action.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        remediation.action_report(
            action=action,
            revision=action.revision,
            user=people["liaison"],
            text="Đã làm",
            uploads=[image_upload()],
            captions=["Ảnh"],
        )
    assert "office" in notices_of(Kind.ACTION_REPORTED)
    assert len(mails_to("office@kontum.gov.vn")) == 2 and len(mails_to("liaison@kontum.gov.vn")) == 1


def test_a_kind_turned_off_keeps_the_in_app_notice_but_sends_no_mail(
    client, open_visit, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["head"])
    kept = [k for k in Kind if k != Kind.VISIT_SUBMITTED]
    response = client.post(reverse("notices:preferences"), {"email": kept})
    assert response.status_code == 302
    assert list(EmailPreference.objects.filter(user=people["head"], email=False).values_list("kind", flat=True)) == [
        Kind.VISIT_SUBMITTED
    ]
    page = client.get(reverse("notices:preferences")).content.decode()
    assert 'value="visit_submitted" id="email-visit_submitted">' in page
    assert 'value="visit_returned" id="email-visit_returned" checked>' in page
    submitted_visit(open_visit, people["member"], django_capture_on_commit_callbacks)
    notices = notices_of(Kind.VISIT_SUBMITTED)
    assert notices["head"].email_status == "none" and notices["deputy"].email_status == "sent"
    assert [m.to for m in mail.outbox] == [["deputy@kontum.gov.vn"]]


def test_the_list_links_each_notice_to_its_object_and_marks_them_read(
    client, open_visit, people, django_capture_on_commit_callbacks
):
    submitted_visit(open_visit, people["member"], django_capture_on_commit_callbacks)
    client.force_login(people["head"])
    assert client.get(reverse("findings:workspace", args=[open_visit.pk])).status_code == 200
    page = client.get(reverse("notices:list")).content.decode()
    assert f'href="{reverse("findings:workspace", args=[open_visit.pk])}"' in page
    assert "Đoàn nộp kết quả kiểm tra" in page  # the kind
    assert client.get(reverse("inspections:plan_list")).context["unread_notifications"]() == 1
    client.post(reverse("notices:read_all"))
    assert not Notification.objects.filter(user=people["head"], read_at__isnull=True).exists()


def test_an_email_not_queued_is_sent_by_the_sweep_once(demo, people, mailoutbox, monkeypatch):
    monkeypatch.setattr(services, "emails_enqueue", lambda ids: False)  # the broker was down at the commit
    (notice,) = services.notify(users=[people["liaison"]], kind=Kind.ACTION_DUE, message="Còn 1 ngày")
    assert notice.email_status == "pending" and mail.outbox == []
    monkeypatch.undo()
    assert services.emails_sweep(resend_after=0, stale_after=0)["resent"] == 1
    assert services.emails_sweep(resend_after=0, stale_after=0)["resent"] == 0
    assert [m.to for m in mail.outbox] == [["liaison@kontum.gov.vn"]]


def test_a_failing_mail_server_is_retried_then_given_up(demo, people, mailoutbox, monkeypatch):
    (notice,) = services.notify(users=[people["liaison"]], kind=Kind.ACTION_DUE, message="Còn 1 ngày")

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    for _attempt in range(services.EMAIL_MAX_ATTEMPTS):
        assert services.emails_send(ids=[notice.pk]) == 0
    notice.refresh_from_db()
    assert (notice.email_status, notice.email_attempts) == ("failed", services.EMAIL_MAX_ATTEMPTS)


def test_a_user_without_address_or_inactive_gets_no_mail(demo, people, mailoutbox):
    people["member"].email = ""
    people["member"].save(update_fields=["email"])
    people["leader"].is_active = False
    people["leader"].save(update_fields=["is_active"])
    rows = services.notify(users=[people["member"], people["leader"]], kind=Kind.VISIT_CLOSED, message="x")
    assert [(n.user.username, n.email_status) for n in rows] == [("member", "none")]
