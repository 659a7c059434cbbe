"""Write one notice per recipient and send its e-mail once.

The emitting service calls ``notify`` inside its own transaction, so the notice exists exactly when
the event committed. The row is also the e-mail's outbox: after the commit its id goes to the
``notices.send_emails`` task, which claims it with a compare-and-set UPDATE (pending → sending), sends
and marks it sent; a duplicate delivery claims nothing. Beat's ``notices.sweep`` re-sends rows no
worker took and gives rows whose worker died while sending back to pending.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notices.models import EmailPreference, Kind, Notification

logger = logging.getLogger(__name__)
Email = Notification.Email
MESSAGE_LENGTH = Notification._meta.get_field("message").max_length
SUBJECT_LENGTH = 150
EMAIL_MAX_ATTEMPTS = 3


def notify(*, users, kind: Kind, message: str, url: str = "", detail: str = "", key: str = "") -> list[Notification]:
    """One notice per distinct active user; with ``key`` a user who already has that event gets none."""
    recipients = list({u.pk: u for u in users if u.is_active}.values())
    if key:
        had = set(Notification.objects.filter(key=key, user__in=recipients).values_list("user_id", flat=True))
        recipients = [u for u in recipients if u.pk not in had]
    if not recipients:
        return []
    off = set(
        EmailPreference.objects.filter(user__in=recipients, kind=kind, email=False).values_list("user_id", flat=True)
    )
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                kind=kind,
                message=message[:MESSAGE_LENGTH],
                detail=detail,
                url=url,
                key=key,
                email_status=Email.PENDING if u.email and u.pk not in off else Email.NONE,
            )
            for u in recipients
        ]
    )
    pending = [n.pk for n in rows if n.email_status == Email.PENDING]
    if pending:
        transaction.on_commit(lambda: emails_enqueue(pending))
    return rows


def emails_enqueue(ids: list[int]) -> bool:
    """Hand the ids to the worker; a broker that is down leaves the rows pending for the sweep."""
    from notices.tasks import send_emails

    try:
        send_emails.delay(ids)
    except Exception:  # the rows are the source of truth: the sweep sends them later
        logger.warning("Notification e-mails %s not queued; the sweep will send them", ids, exc_info=True)
        return False
    return True


def emails_send(*, ids: list[int]) -> int:
    """Send the e-mail of each pending notice among ``ids``; returns how many went out."""
    sent = 0
    for pk in ids:
        claimed = Notification.objects.filter(pk=pk, email_status=Email.PENDING).update(
            email_status=Email.SENDING, email_claimed_at=timezone.now(), email_attempts=F("email_attempts") + 1
        )
        if not claimed:
            continue  # sent already, or another delivery has it
        notice = Notification.objects.select_related("user").get(pk=pk)
        mine = Notification.objects.filter(pk=pk, email_status=Email.SENDING, email_attempts=notice.email_attempts)
        if settings.NOTICES_SEND_DELAY:
            time.sleep(settings.NOTICES_SEND_DELAY)  # tests: time to kill the worker mid-send
        try:
            email_message(notice).send()
        except Exception:
            logger.exception("Notification e-mail %s failed", pk)
            retry = notice.email_attempts < EMAIL_MAX_ATTEMPTS
            mine.update(email_status=Email.PENDING if retry else Email.FAILED)
            continue
        sent += mine.update(email_status=Email.SENT, emailed_at=timezone.now())
    return sent


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path else settings.SITE_URL


def email_message(notice: Notification) -> EmailMultiAlternatives:
    """The notice as a Vietnamese e-mail, plain text and HTML, with an absolute link to the object."""
    with translation.override("vi"):
        context = {
            "notice": notice,
            "kind": Kind(notice.kind).label,
            "link": site_link(notice.url),
            "preferences": site_link(reverse("notices:preferences")),
            "site": settings.SITE_URL,
        }
        subject = f"[Kiểm tra KSTTHC] {notice.message}"
        subject = " ".join(subject.split())[:SUBJECT_LENGTH]
        text = render_to_string("notices/email.txt", context)
        html = render_to_string("notices/email.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [notice.user.email])
    message.attach_alternative(html, "text/html")
    return message


def emails_sweep(*, resend_after: int | None = None, stale_after: int | None = None) -> dict:
    """Re-send pending e-mails no worker took; put back e-mails whose worker died while sending."""
    resend_after = settings.NOTICES_RESEND_AFTER if resend_after is None else resend_after
    stale_after = settings.NOTICES_STALE_AFTER if stale_after is None else stale_after
    now = timezone.now()
    stale = Notification.objects.filter(
        email_status=Email.SENDING, email_claimed_at__lte=now - datetime.timedelta(seconds=stale_after)
    )
    requeued = stale.filter(email_attempts__lt=EMAIL_MAX_ATTEMPTS).update(email_status=Email.PENDING)
    failed = stale.update(email_status=Email.FAILED)
    pending = list(
        Notification.objects.filter(
            email_status=Email.PENDING, created_at__lte=now - datetime.timedelta(seconds=resend_after)
        ).values_list("pk", flat=True)
    )
    if pending:
        emails_enqueue(pending)
    return {"requeued": requeued, "failed": failed, "resent": len(pending)}


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_open(*, user, pk: int) -> Notification:
    """Mark one of the user's notices read and return it (its link is where the user goes)."""
    notice = Notification.objects.get(user=user, pk=pk)
    if notice.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    return notice


@transaction.atomic
def preferences_save(*, user, email_kinds: set[str]) -> None:
    """E-mail on for the kinds in ``email_kinds``, off for the others."""
    for kind in Kind:
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in email_kinds})


def preferences_of(user) -> dict[str, bool]:
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, True) for kind in Kind}
