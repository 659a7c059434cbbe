"""Reads for the remediation lists and pages; counts are computed in the database."""

import datetime

from django.db.models import Count, Q

from findings.models import DeadlineExtension, Finding, RemediationAction

Status = RemediationAction.Status


def action_list(*, queryset):
    """Earliest deadline first (index ``action_deadline_id``), only the columns the list shows."""
    return (
        queryset.select_related("agency", "visit__plan")
        .only("description", "deadline", "status", "agency__name", "visit__plan__number")
        .order_by("deadline", "pk")
    )


def action_counts(*, queryset, today: datetime.date) -> dict:
    """Open, reported, verified, returned and overdue counts of a (filtered, scoped) queryset."""
    return queryset.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=Status.OPEN)),
        reported=Count("pk", filter=Q(status=Status.REPORTED)),
        verified=Count("pk", filter=Q(status=Status.VERIFIED)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        overdue=Count("pk", filter=Q(status__in=RemediationAction.AGENCY_STATES, deadline__lt=today)),
    )


def action_history(*, action: RemediationAction) -> list:
    return list(action.history.select_related("history_user").order_by("-history_date", "-history_id"))


def action_extensions(*, action: RemediationAction) -> list:
    return list(
        DeadlineExtension.objects.filter(action=action)
        .select_related("requested_by", "decided_by")
        .order_by("requested_at")
    )


def agency_actions(*, agency, user, today: datetime.date) -> dict:
    actions = list(
        RemediationAction.objects.visible_to(user)
        .filter(agency=agency)
        .select_related("visit__plan")
        .order_by("-visit__plan__year", "deadline", "pk")
    )
    closed = [a for a in actions if a.status == Status.VERIFIED]
    overdue = [a for a in actions if a.is_overdue(today)]
    still_open = [a for a in actions if a.status != Status.VERIFIED and not a.is_overdue(today)]
    return {"agency": agency, "open": still_open, "overdue": overdue, "closed": closed, "total": len(actions)}


def earlier_limitations_queryset(*, visit):
    """Limitations found at this agency by earlier plans, with their actions (re-inspection)."""
    return (
        Finding.objects.filter(
            kind=Finding.Kind.LIMITATION,
            visit__agency_id=visit.agency_id,
            visit__plan__period_start__lt=visit.plan.period_start,
        )
        .select_related("visit__plan", "item", "action")
        .order_by("-visit__plan__period_start", "pk")
    )


def earlier_limitations(*, visit) -> list[Finding]:
    return list(earlier_limitations_queryset(visit=visit))
