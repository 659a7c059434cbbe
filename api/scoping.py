"""The querysets every endpoint starts from: the project's one scoping base, nothing of its own.

Each read starts from ``scoped(Model, user)``: the model's ``Model.objects.restrict(user, "view")``
(units/scoping.py; the rules in inspections/access.py), or for the two models without a Scope the rule
below: an object outside it is a 404. Every write fetches its object again through the app's
``get_<model>_for_user(..., write=True)`` or its ``can_<step>`` check (visible but not allowed → 403),
exactly as the page's view does.
"""

from django.db.models import Q

from inspections.models import Plan, TeamMember
from units.models import AdminArea, Agency, Official
from units.roles import sees_everything

VIEW = "view"


def areas(user):
    """Administrative areas are public reference data (no Scope): every signed-in user reads them."""
    return AdminArea.objects.all() if user.is_authenticated else AdminArea.objects.none()


def officials(user):
    """Officials of the agencies the user sees, and the members of the teams of the plans they see."""
    if not user.is_authenticated:
        return Official.objects.none()
    if sees_everything(user):
        return Official.objects.all()
    on_teams = TeamMember.objects.filter(decision__plan__in=Plan.objects.visible_to(user)).values("official_id")
    return Official.objects.filter(Q(agency__in=Agency.objects.restrict(user, VIEW)) | Q(pk__in=on_teams))


RULES = {AdminArea: areas, Official: officials}


def scoped(model, user):
    """What ``user`` may read of ``model`` through the API."""
    rule = RULES.get(model)
    return rule(user) if rule else model.objects.restrict(user, VIEW)
