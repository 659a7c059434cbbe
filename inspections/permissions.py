"""Fetch-plus-permission helpers: the one way views get a plan, decision or visit.

An object the user may not see is a 404 (its existence is not revealed); one the
user may see but not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from inspections.access import (
    is_reviewer,
    results_released,
    team_role_in_plan,  # noqa: F401  (its old home; defined in inspections.access)
)
from inspections.models import Decision, Plan, Visit
from units.roles import is_office


def can_edit_plan(user, plan: Plan) -> bool:
    return is_office(user)


def can_create_plan(user) -> bool:
    return is_office(user)


# The step the plan page offers for each status (draft → issued → in progress → completed).
PLAN_STEPS = {Plan.Status.DRAFT: "issue", Plan.Status.ISSUED: "start", Plan.Status.IN_PROGRESS: "complete"}


def plan_step_offered(user, plan: Plan) -> str | None:
    """The plan step whose button the page shows (the service still checks it), or None."""
    return PLAN_STEPS.get(plan.status) if can_edit_plan(user, plan) else None


def can_edit_visit(user, visit: Visit) -> bool:
    if is_office(user):
        return True
    return is_reviewer(user, visit.plan_id)


def can_issue_conclusion(user, visit: Visit) -> bool:
    """The office, once the results are released and while no conclusion is issued."""
    return is_office(user) and not visit.conclusion_issued_on and results_released(visit)


def can_add_action(user, visit: Visit) -> bool:
    """The office, once the conclusion is issued."""
    return is_office(user) and bool(visit.conclusion_issued_on)


def can_view_history(user) -> bool:
    """The office reads the audit trail (inspections/audit.py)."""
    return is_office(user)


def get_plan_for_user(user, pk: int, *, write: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.restrict(user).select_related("issuer"), pk=pk)
    if write and not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    decision = get_object_or_404(Decision.objects.restrict(user).select_related("plan"), pk=pk)
    if write and not can_edit_plan(user, decision.plan):
        raise PermissionDenied
    return decision


def get_visit_for_user(user, pk: int, *, write: bool = False) -> Visit:
    visit = get_object_or_404(Visit.objects.restrict(user).select_related("plan", "agency", "agency__area"), pk=pk)
    if write and not can_edit_visit(user, visit):
        raise PermissionDenied
    return visit
