"""Write operations on plans, decisions and visits. Each is one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inspections.models import Decision, Plan, TeamMember, Visit


@transaction.atomic
def plan_save(*, form) -> Plan:
    """Save a validated PlanForm."""
    return form.save()


@transaction.atomic
def decision_save(*, form, team_formset) -> Decision:
    """Save a decision and its roster together; demotions are written before the new head.

    Raises ValidationError if the database still refuses the roster (a concurrent edit).
    """
    decision = form.save()
    team_formset.instance = decision
    members = team_formset.save(commit=False)
    for member in team_formset.deleted_objects:
        member.delete()
    members.sort(key=lambda m: m.role == TeamMember.Role.HEAD)
    try:
        with transaction.atomic():
            for member in members:
                member.decision = decision
                member.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Không lưu được thành phần đoàn: dữ liệu vừa bị người khác thay đổi. Vui lòng tải lại trang.")
        ) from exc
    return decision


@transaction.atomic
def visit_save(*, form) -> Visit:
    """Save a validated VisitForm with its many-to-many lists."""
    return form.save()
