"""Who may do what with a remediation action; the one place views ask.

| step                        | who                                                   |
|-----------------------------|-------------------------------------------------------|
| read                        | ``RemediationAction.objects.restrict(user)``          |
| issue conclusion, add, edit | office                                                |
| report the measure taken    | the liaison of the action's agency, while open/returned |
| ask for an extension        | the same liaison, while not verified                  |
| grant / refuse extension    | office                                                |
| verify or return            | office, or the plan's team head/deputy — never the person who reported |
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from findings.models import RemediationAction
from inspections import access
from units.roles import is_office

OPEN_STATES = (RemediationAction.Status.OPEN, RemediationAction.Status.RETURNED)


def is_agency_liaison(user, action: RemediationAction) -> bool:
    return access.is_agency_liaison(user, action.agency_id)


def can_manage(user, action: RemediationAction | None = None) -> bool:
    editable = action is None or action.status != RemediationAction.Status.VERIFIED
    return is_office(user) and editable


def can_report(user, action: RemediationAction) -> bool:
    return action.status in OPEN_STATES and is_agency_liaison(user, action)


def can_request_extension(user, action: RemediationAction) -> bool:
    return action.status != RemediationAction.Status.VERIFIED and is_agency_liaison(user, action)


def is_reviewer(user, action: RemediationAction) -> bool:
    return is_office(user) or access.is_reviewer(user, action.visit.plan_id)


def can_review(user, action: RemediationAction) -> bool:
    return action.status == RemediationAction.Status.REPORTED and is_reviewer(user, action)


def get_action_for_user(user, pk: int) -> RemediationAction:
    return get_object_or_404(
        RemediationAction.objects.restrict(user).select_related("visit", "visit__plan", "agency", "finding"), pk=pk
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
