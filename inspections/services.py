"""Write operations on plans, decisions and visits. Each is one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.history import records_user


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
    """Save a validated VisitForm with its many-to-many lists.

    The row is locked and the rule checked again: a visit started since the form was validated
    keeps its agency (``Visit.clean``). The status is not a form field: it moves by the workflow only.
    """
    visit = form.instance
    if visit.pk:
        stored = Visit.objects.select_for_update().get(pk=visit.pk)
        if stored.has_started and stored.agency_id != visit.agency_id:
            raise ValidationError(_("Cuộc kiểm tra đã bắt đầu; không đổi được cơ quan được kiểm tra."))
    return form.save()


# --- The plan's steps: draft → issued → in progress → completed (the office, from the plan page) ---------


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@records_user
@transaction.atomic
def plan_issue(*, plan: Plan, user) -> Plan:
    """The plan is signed and issued: it leaves the draft."""
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Chỉ ban hành được kế hoạch đang là dự thảo."))
    plan.issue()
    plan.save(update_fields=["status", "updated_at"])
    return plan


@records_user
@transaction.atomic
def plan_start(*, plan: Plan, user) -> Plan:
    """The inspection begins: an issued plan with a decision forming its team."""
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Chỉ bắt đầu kiểm tra được kế hoạch đã ban hành."))
    if not TeamMember.objects.filter(decision__plan=plan, role=TeamMember.Role.HEAD).exists():
        raise ValidationError(_("Hãy có quyết định thành lập đoàn (có Trưởng đoàn) trước khi bắt đầu kiểm tra."))
    plan.start()
    plan.save(update_fields=["status", "updated_at"])
    return plan


@records_user
@transaction.atomic
def plan_complete(*, plan: Plan, user) -> Plan:
    """Every visit of the schedule is closed: the plan is completed."""
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.IN_PROGRESS:
        raise ValidationError(_("Chỉ hoàn thành được kế hoạch đang kiểm tra."))
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
