"""Celery tasks of the findings app: thin calls into services."""

from celery import shared_task
from django.utils import timezone

from findings.remediation.services import reminders_send


@shared_task(name="findings.remediation_reminders")
def remediation_reminders() -> int:
    """Beat runs this hourly; each reminder still goes out once (ReminderSent guards it)."""
    return reminders_send(today=timezone.localdate())
