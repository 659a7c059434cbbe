"""Write operations on plans, decisions and visits. Each is one transaction.

A save given the writing ``user`` re-checks, before it commits, that the object is still within that
user's scope (``units.scoping.scope_confirm``: refused with ``OutOfScope``, and rolled back, otherwise).
Without a user (commands, the demo) there is no scope to keep.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.history import records_user
from tthc_inspect.states import locked_in_state
from units.scoping import scope_confirm


@transaction.atomic
def plan_save(*, form, user=None) -> Plan:
    """Save a validated PlanForm."""
    return _confirmed(form.save(), user)


@transaction.atomic
def decision_save(*, form, team_formset, user=None) -> Decision:
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
    return _confirmed(decision, user)


@transaction.atomic
def visit_save(*, form, user=None) -> Visit:
    """Save a validated VisitForm with its many-to-many lists.

    The row is locked and the rule checked again: a visit started since the form was validated
    keeps its agency (``Visit.clean``). The status is not a form field: it moves by the workflow only.
    """
    visit = form.instance
    if visit.pk:
        stored = Visit.objects.select_for_update().get(pk=visit.pk)
        if stored.has_started and stored.agency_id != visit.agency_id:
            raise ValidationError(_("Cuộc kiểm tra đã bắt đầu; không đổi được cơ quan được kiểm tra."))
    return _confirmed(form.save(), user)


def _confirmed(obj, user):
    """NetBox's re-check after save: the writer must still see what they wrote (else OutOfScope, rolled back)."""
    if user is not None:
        scope_confirm(obj, user)
    return obj


# --- The plan's steps: draft → issued → in progress → completed (the office, from the plan page) ---------


@records_user
@transaction.atomic
def plan_issue(*, plan: Plan, user) -> Plan:
    """The plan is signed and issued: it leaves the draft."""
    plan = locked_in_state(plan, Plan.Status.DRAFT, _("Chỉ ban hành được kế hoạch đang là dự thảo."))
    plan.issue()
    plan.save(update_fields=["status", "updated_at"])
    return plan


@records_user
@transaction.atomic
def plan_start(*, plan: Plan, user) -> Plan:
    """The inspection begins: an issued plan with a decision forming its team."""
    plan = locked_in_state(plan, Plan.Status.ISSUED, _("Chỉ bắt đầu kiểm tra được kế hoạch đã ban hành."))
    if not TeamMember.objects.filter(decision__plan=plan, role=TeamMember.Role.HEAD).exists():
        raise ValidationError(_("Hãy có quyết định thành lập đoàn (có Trưởng đoàn) trước khi bắt đầu kiểm tra."))
    plan.start()
    plan.save(update_fields=["status", "updated_at"])
    return plan


@records_user
@transaction.atomic
def plan_complete(*, plan: Plan, user) -> Plan:
    """Every visit of the schedule is closed: the plan is completed."""
    plan = locked_in_state(plan, Plan.Status.IN_PROGRESS, _("Chỉ hoàn thành được kế hoạch đang kiểm tra."))
    if not plan.visits.exists():
        raise ValidationError(_("Kế hoạch chưa có đơn vị nào trong lịch kiểm tra."))
    still_open = plan.visits.exclude(status=Visit.Status.CLOSED).count()
    if still_open:
        raise ValidationError(
            _("Còn %(n)d cuộc kiểm tra chưa kết thúc; kế hoạch hoàn thành khi mọi cuộc kiểm tra đã kết thúc.")
            % {"n": still_open}
        )
    plan.complete()
    plan.save(update_fields=["status", "updated_at"])
    return plan


def _delete(row, refusal: str) -> None:
    """Delete ``row`` and what cascades from it; a protected dependant (an issued document's register
    entry, a remediation action) refuses it with ``refusal`` and the transaction rolls back."""
    try:
        row.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(refusal) from exc


@records_user
@transaction.atomic
def visit_delete(*, visit: Visit, user) -> Plan:
    """Take a visit entered by mistake off the schedule: only before it starts (nothing recorded yet)."""
    visit = locked_in_state(visit, Visit.Status.SCHEDULED, _("Chỉ xóa được cuộc kiểm tra chưa bắt đầu."))
    plan = visit.plan
    _delete(visit, _("Cuộc kiểm tra đã có văn bản hoặc biện pháp khắc phục: không xóa được."))
    return plan


@records_user
@transaction.atomic
def plan_delete(*, plan: Plan, user) -> None:
    """Delete a draft plan entered by mistake, with its decisions and visits (none has started: it is a draft)."""
    plan = locked_in_state(plan, Plan.Status.DRAFT, _("Chỉ xóa được kế hoạch đang là dự thảo."))
    if plan.visits.exclude(status=Visit.Status.SCHEDULED).exists():
        raise ValidationError(_("Kế hoạch có cuộc kiểm tra đã bắt đầu: không xóa được."))
    _delete(plan, _("Kế hoạch đã có văn bản ban hành: không xóa được."))
