"""Who hears of a visit's workflow steps: submitted → head and deputy, returned → the members with the
comment, closed → the whole team. Called inside the step's transaction (``findings.services``)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from inspections.access import REVIEWER_ROLES
from inspections.models import Visit
from notices.models import Kind
from notices.services import notify


def team_users(visit: Visit, roles=None):
    """The active accounts of the plan's team (optionally only some roles), each once."""
    users = get_user_model().objects.filter(official__team_roles__decision__plan_id=visit.plan_id, is_active=True)
    if roles is not None:
        users = users.filter(official__team_roles__role__in=roles)
    return list(users.distinct())


def _others(users, actor):
    return [u for u in users if u.pk != getattr(actor, "pk", None)]


def _place(visit: Visit) -> dict:
    return {"agency": visit.agency.name, "plan": visit.plan.number}


def visit_submitted(visit: Visit, actor) -> None:
    with override("vi"):
        message = _("Đoàn đã nộp kết quả kiểm tra tại %(agency)s (%(plan)s): chờ Trưởng đoàn xem xét") % _place(visit)
    notify(
        users=_others(team_users(visit, REVIEWER_ROLES), actor),
        kind=Kind.VISIT_SUBMITTED,
        message=message,
        url=reverse("findings:workspace", args=[visit.pk]),
    )


def visit_returned(visit: Visit, actor, comment: str) -> None:
    members = [u for u in team_users(visit) if u.pk not in {v.pk for v in team_users(visit, REVIEWER_ROLES)}]
    with override("vi"):
        message = _("Kết quả kiểm tra tại %(agency)s (%(plan)s) bị trả lại để sửa") % _place(visit)
        detail = _("Ý kiến của Trưởng đoàn: %(comment)s") % {"comment": comment}
    notify(
        users=_others(members, actor),
        kind=Kind.VISIT_RETURNED,
        message=message,
        detail=detail,
        url=reverse("findings:workspace", args=[visit.pk]),
    )


def visit_closed(visit: Visit, actor) -> None:
    with override("vi"):
        message = _("Cuộc kiểm tra tại %(agency)s (%(plan)s) đã kết thúc") % _place(visit)
    notify(
        users=_others(team_users(visit), actor),
        kind=Kind.VISIT_CLOSED,
        message=message,
        url=reverse("inspections:visit_detail", args=[visit.pk]),
    )
