"""Who may do what with a remediation action; the one place views ask.

| step                        | who                                                   |
|-----------------------------|-------------------------------------------------------|
| read                        | ``RemediationAction.objects.visible_to(user)``        |
| issue conclusion, add, edit | office                                                |
| report the measure taken    | the liaison of the action's agency, while open/returned |
| ask for an extension        | the same liaison, while not verified                  |
| grant / refuse extension    | office                                                |
| verify or return            | office, or the plan's team head/deputy — never the person who reported |
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from findings.models import RemediationAction
from inspections.models import TeamMember
from inspections.permissions import team_role_in_plan
from units.roles import is_office, liaison_agency_ids

OPEN_STATES = (RemediationAction.Status.OPEN, RemediationAction.Status.RETURNED)


def is_agency_liaison(user, action: RemediationAction) -> bool:
    return action.agency_id in liaison_agency_ids(user)


def can_manage(user, action: RemediationAction | None = None) -> bool:
    editable = action is None or action.status != RemediationAction.Status.VERIFIED
    return is_office(user) and editable


def can_report(user, action: RemediationAction) -> bool:
    return action.status in OPEN_STATES and is_agency_liaison(user, action)


def can_request_extension(user, action: RemediationAction) -> bool:
    return action.status != RemediationAction.Status.VERIFIED and is_agency_liaison(user, action)


def is_reviewer(user, action: RemediationAction) -> bool:
    role = team_role_in_plan(user, action.visit.plan_id)
    return is_office(user) or role in (TeamMember.Role.HEAD, TeamMember.Role.DEPUTY)


def can_review(user, action: RemediationAction) -> bool:
    return action.status == RemediationAction.Status.REPORTED and is_reviewer(user, action)


def get_action_for_user(user, pk: int) -> RemediationAction:
    return get_object_or_404(
        RemediationAction.objects.visible_to(user).select_related("visit", "visit__plan", "agency", "finding"), pk=pk
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
