"""The access rules, each written once; ``units.scoping`` applies them to every scoped model.

| rule | here |
|------|------|
| office and leadership see every row | ``units.roles.sees_everything`` (role groups), applied by ``scope_rule`` |
| a plan's team (from the roster, not the group) sees the plan's rows | ``team_plan_ids``, ``team_role_in_plan`` |
| a liaison sees its agency's (and its subordinate units') rows | ``units.roles.liaison_agency_ids`` |
| a liaison sees a visit's recorded work from submission on | ``RESULTS_RELEASED``, ``results_released`` |
| who reviews (return/close a visit, verify remediation, edit the schedule) | ``REVIEWER_ROLES``, ``is_reviewer`` |
| who prepares documents | ``PREPARER_ROLES``, ``is_preparer`` |
| what a form may offer (``"pick"``) | the rows one may view, and the units under the agencies one may view |

Each model only declares where its rows lead (``scope = Scope(team=…, agency=…)``, see
``units/scoping.py``). ``InspectionsConfig.ready`` registers ``scope_rule``, so ``units`` and
``checklists`` below this app never import it.
"""

from django.db.models import Q

from inspections.models import TeamMember, Visit
from units.roles import liaison_agency_ids, sees_everything
from units.scoping import NOTHING, Scope

REVIEWER_ROLES = frozenset({TeamMember.Role.HEAD, TeamMember.Role.DEPUTY})
PREPARER_ROLES = REVIEWER_ROLES | {TeamMember.Role.SECRETARY}
# Liaisons see a visit's results, findings and evidence from submission on; a conclusion is issued on them.
RESULTS_RELEASED = (Visit.Status.SUBMITTED, Visit.Status.CLOSED)
_ROLE_RANK = (TeamMember.Role.HEAD, TeamMember.Role.DEPUTY, TeamMember.Role.SECRETARY, TeamMember.Role.MEMBER)


def team_plan_ids(user):
    """Subquery of the ids of plans whose team roster includes the user."""
    return TeamMember.objects.filter(official__user=user).values("decision__plan_id")


def team_role_in_plan(user, plan_id: int) -> str | None:
    """The user's highest role on the plan's team (head, deputy, secretary, member), or None; cached per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_tthc_team_roles", {})
    if plan_id not in cache:
        found = set(
            TeamMember.objects.filter(decision__plan_id=plan_id, official__user=user).values_list("role", flat=True)
        )
        cache[plan_id] = next((r for r in _ROLE_RANK if r in found), None)
    return cache[plan_id]


def is_on_team(user, plan_id: int) -> bool:
    return team_role_in_plan(user, plan_id) is not None


def is_reviewer(user, plan_id: int) -> bool:
    """The plan's team head or deputy."""
    return team_role_in_plan(user, plan_id) in REVIEWER_ROLES


def is_preparer(user, plan_id: int) -> bool:
    """The plan's team head, deputy or secretary."""
    return team_role_in_plan(user, plan_id) in PREPARER_ROLES


def results_released(visit: Visit) -> bool:
    """The team has submitted: the agency's liaison may read the results (and a conclusion may be issued)."""
    return visit.status in RESULTS_RELEASED


def is_agency_liaison(user, agency_id: int) -> bool:
    return agency_id in liaison_agency_ids(user)


def _under(prefix: str, path: str) -> str:
    return prefix if path == "pk" else f"{prefix}__{path}"


def _reach(user, model, scope: Scope, prefix: str = "") -> list[Q]:
    """The ways ``user`` reaches ``model``'s rows through ``scope`` (paths put under ``prefix``)."""
    at = (lambda path: _under(prefix, path)) if prefix else (lambda path: path)
    ways = []
    if scope.team:
        ways.append(scope.match(model, {f"{at(scope.team)}__in": team_plan_ids(user)}))
    agencies = liaison_agency_ids(user)
    if agencies and scope.agency:
        lookups = {f"{at(scope.agency)}__in": agencies}
        if scope.results_of:
            lookups[f"{at(scope.results_of)}__status__in"] = RESULTS_RELEASED
        ways.append(scope.match(model, lookups, also=scope.liaison_also))
    return ways


def scope_rule(user, model, scope: Scope, action: str) -> Q | None:
    """The condition on ``model``'s rows for a signed-in ``user``; None: every row (office, leadership)."""
    if sees_everything(user):
        return None
    ways = _reach(user, model, scope)
    if action == "pick" and scope.parent:
        from units.models import Agency

        ways += _reach(user, model, Agency.scope, prefix=scope.parent)
    if not ways:
        return NOTHING
    condition = ways[0]
    for way in ways[1:]:
        condition |= way
    return condition
