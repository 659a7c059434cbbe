"""Issue 13: a verified action's deadline cannot move; verification closes the extension requests still pending."""

import datetime

from django.urls import reverse

from findings.models import DeadlineExtension, RemediationAction
from findings.remediation import services
from findings.tests.conftest import image_upload

Status = RemediationAction.Status
VERIFIED_REASON = "Biện pháp đã được xác minh và đóng; không còn cần gia hạn."


def test_an_extension_pending_when_the_action_is_verified_is_refused_and_cannot_be_granted_after(client, demo):
    liaison, office = demo.users["liaison"], demo.users["office"]
    action = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status=Status.OPEN)
    deadline = action.deadline
    client.force_login(liaison)
    client.post(
        reverse("findings:extension_request", args=[action.pk]),
        {"new_deadline": "31/12/2020", "reason": "Chờ kinh phí in phiếu"},
    )
    extension = DeadlineExtension.objects.get(action=action, status=DeadlineExtension.Status.PENDING)
    action.refresh_from_db()
    client.post(
        reverse("findings:action_report", args=[action.pk]),
        {"text": "Đã in và đặt phiếu", "caption": "Ảnh", "revision": action.revision, "file": image_upload()},
    )
    client.force_login(office)
    client.post(reverse("findings:action_verify", args=[action.pk]), {"comment": "Đạt"})
    action.refresh_from_db()
    extension.refresh_from_db()
    print("after verification:", action.status, "extension", extension.status, repr(extension.decision_comment))
    assert action.status == Status.VERIFIED
    assert (extension.status, extension.decision_comment) == (DeadlineExtension.Status.REFUSED, VERIFIED_REASON)
    assert extension.decided_by == office and extension.decided_at is not None

    response = client.post(reverse("findings:extension_grant", args=[extension.pk]), follow=True)
    action.refresh_from_db()
    extension.refresh_from_db()
    print("after the grant:", action.deadline, "extension", extension.status)
    assert action.deadline == deadline and extension.status == DeadlineExtension.Status.REFUSED
    assert "Đề nghị này đã được xem xét." in response.content.decode()

    client.force_login(liaison)  # the liaison reads why, on the action's page
    page = client.get(reverse("findings:action_detail", args=[action.pk])).content.decode()
    assert "Không đồng ý" in page and VERIFIED_REASON in page


def test_deciding_an_extension_of_a_verified_action_is_refused_even_if_it_is_still_pending(demo):
    """A request left pending by data older than the rule (or written past the services) cannot move the deadline."""
    office = demo.users["office"]
    action = RemediationAction.objects.filter(status=Status.VERIFIED).order_by("pk").first()
    deadline = action.deadline
    extension = DeadlineExtension.objects.create(
        action=action, requested_deadline=deadline + datetime.timedelta(days=30), reason="Cũ", requested_by=None
    )
    try:
        services.extension_decide(extension=extension, user=office, grant=True)
    except services.RemediationError as exc:
        message = " ".join(exc.messages)
    else:
        message = None
    action.refresh_from_db()
    print("grant on a verified action:", message, action.deadline)
    assert message == "Biện pháp đã được xác minh và đóng; không gia hạn được nữa."
    assert action.deadline == deadline
    extension.refresh_from_db()
    assert extension.status == DeadlineExtension.Status.PENDING
