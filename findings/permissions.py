"""Who may read and change what is recorded at a visit; the one place views ask.

- read: the model's ``restrict(user)`` / ``visible_to(user)`` (units.scoping with the rules of inspections.access:
  team, office, leadership; liaison once the results are released)
- record (results, findings, evidence, minutes): a member of the plan's team or the provincial office,
  while in progress (the office acts as itself: it is never added to, nor printed in, the team)
- submit: a team member or the office, while in progress; review (return, close): team head or deputy, or
  the office, once submitted
- explain: the liaison of the inspected agency, once submitted
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from findings.models import Evidence, Finding, ItemResult
from inspections import access
from inspections.models import Visit
from units.roles import is_office


def is_on_team(user, visit: Visit) -> bool:
    return access.is_on_team(user, visit.plan_id)


def records_for_team(user, visit: Visit) -> bool:
    """On the plan's team, or the provincial office (which may record without being appointed)."""
    return is_office(user) or is_on_team(user, visit)


def can_record(user, visit: Visit) -> bool:
    return visit.status == Visit.Status.IN_PROGRESS and records_for_team(user, visit)


def can_start(user, visit: Visit) -> bool:
    return visit.status == Visit.Status.SCHEDULED and records_for_team(user, visit)


def can_submit(user, visit: Visit) -> bool:
    return can_record(user, visit)


def can_review(user, visit: Visit) -> bool:
    return visit.status == Visit.Status.SUBMITTED and (is_office(user) or access.is_reviewer(user, visit.plan_id))


def can_see_results(user, visit: Visit) -> bool:
    """Liaisons see the recorded work only once the team has submitted it."""
    if access.is_agency_liaison(user, visit.agency_id) and not is_on_team(user, visit):
        return access.results_released(visit)
    return True


def can_explain(user, visit: Visit) -> bool:
    return access.is_agency_liaison(user, visit.agency_id) and access.results_released(visit)


def _visit_child(queryset, user, pk: int, *, write: bool):
    obj = get_object_or_404(queryset.restrict(user).select_related("visit", "visit__plan", "visit__agency"), pk=pk)
    if write and not can_record(user, obj.visit):
        raise PermissionDenied
    return obj


def get_item_result_for_user(user, pk: int, *, write: bool = False) -> ItemResult:
    return _visit_child(ItemResult.objects.select_related("item", "item__section"), user, pk, write=write)


def get_finding_for_user(user, pk: int, *, write: bool = False) -> Finding:
    return _visit_child(Finding.objects.select_related("item"), user, pk, write=write)


def get_evidence_for_user(user, pk: int, *, write: bool = False) -> Evidence:
    return _visit_child(Evidence.objects.all(), user, pk, write=write)
