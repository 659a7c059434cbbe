"""Celery tasks of the notices app: thin calls into services."""

from celery import shared_task

from notices import services


@shared_task(name="notices.send_emails")
def send_emails(ids: list[int]) -> int:
    return services.emails_send(ids=ids)


@shared_task(name="notices.sweep")
def sweep() -> dict:
    """Beat runs this every minute: e-mails no worker took, or whose worker died, go out again."""
    return services.emails_sweep()
