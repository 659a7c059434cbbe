"""Who may read and change what is recorded at a visit; the one place views ask.

- read: the model's ``visible_to(user)`` (team, office, leadership; liaison after submission)
- record (results, findings, evidence, minutes): a member of the plan's team, while in progress
- submit: a team member, while in progress; review (return, close): team head or deputy, once submitted
- explain: the liaison of the inspected agency, once submitted
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from findings.models import Evidence, Finding, ItemResult
from inspections.models import TeamMember, Visit
from inspections.permissions import team_role_in_plan
from units.roles import liaison_agency_ids

REVIEWERS = {TeamMember.Role.HEAD, TeamMember.Role.DEPUTY}


def is_on_team(user, visit: Visit) -> bool:
    return team_role_in_plan(user, visit.plan_id) is not None


def can_record(user, visit: Visit) -> bool:
    return visit.status == Visit.Status.IN_PROGRESS and is_on_team(user, visit)


def can_start(user, visit: Visit) -> bool:
    return visit.status == Visit.Status.SCHEDULED and is_on_team(user, visit)


def can_submit(user, visit: Visit) -> bool:
    return can_record(user, visit)


def can_review(user, visit: Visit) -> bool:
    return visit.status == Visit.Status.SUBMITTED and team_role_in_plan(user, visit.plan_id) in REVIEWERS


def can_see_results(user, visit: Visit) -> bool:
    """Liaisons see the recorded work only once the team has submitted it."""
    if visit.agency_id in liaison_agency_ids(user) and not is_on_team(user, visit):
        return visit.status in (Visit.Status.SUBMITTED, Visit.Status.CLOSED)
    return True


def can_explain(user, visit: Visit) -> bool:
    return visit.agency_id in liaison_agency_ids(user) and visit.status in (Visit.Status.SUBMITTED, Visit.Status.CLOSED)


def _visit_child(queryset, user, pk: int, *, write: bool):
    obj = get_object_or_404(queryset.visible_to(user).select_related("visit", "visit__plan", "visit__agency"), pk=pk)
    if write and not can_record(user, obj.visit):
        raise PermissionDenied
    return obj


def get_item_result_for_user(user, pk: int, *, write: bool = False) -> ItemResult:
    return _visit_child(ItemResult.objects.select_related("item", "item__section"), user, pk, write=write)


def get_finding_for_user(user, pk: int, *, write: bool = False) -> Finding:
    return _visit_child(Finding.objects.select_related("item"), user, pk, write=write)


def get_evidence_for_user(user, pk: int, *, write: bool = False) -> Evidence:
    return _visit_child(Evidence.objects.all(), user, pk, write=write)
