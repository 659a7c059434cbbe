"""Fetch-plus-permission helpers: the one way views get a plan, decision or visit.

An object the user may not see is a 404 (its existence is not revealed); one the
user may see but not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from inspections.models import Decision, Plan, TeamMember, Visit
from units.roles import is_office


def team_role_in_plan(user, plan_id: int) -> str | None:
    """The user's role on the plan's team (head, deputy, member, secretary), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_tthc_team_roles", {})
    if plan_id not in cache:
        roles = TeamMember.objects.filter(decision__plan_id=plan_id, official__user=user).values_list("role", flat=True)
        ordered = [TeamMember.Role.HEAD, TeamMember.Role.DEPUTY, TeamMember.Role.SECRETARY, TeamMember.Role.MEMBER]
        found = set(roles)
        cache[plan_id] = next((r for r in ordered if r in found), None)
    return cache[plan_id]


def can_edit_plan(user, plan: Plan) -> bool:
    return is_office(user)


def can_edit_visit(user, visit: Visit) -> bool:
    if is_office(user):
        return True
    return team_role_in_plan(user, visit.plan_id) in {TeamMember.Role.HEAD, TeamMember.Role.DEPUTY}


def get_plan_for_user(user, pk: int, *, write: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.visible_to(user).select_related("issuer"), pk=pk)
    if write and not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    decision = get_object_or_404(Decision.objects.visible_to(user).select_related("plan"), pk=pk)
    if write and not can_edit_plan(user, decision.plan):
        raise PermissionDenied
    return decision


def get_visit_for_user(user, pk: int, *, write: bool = False) -> Visit:
    visit = get_object_or_404(Visit.objects.visible_to(user).select_related("plan", "agency", "agency__area"), pk=pk)
    if write and not can_edit_visit(user, visit):
        raise PermissionDenied
    return visit
