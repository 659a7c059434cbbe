"""Row-level scoping: which plans, decisions and visits a user may see.

Every view starts from ``visible_to(user)``; an object outside it is a 404.
"""

from django.db import models
from django.db.models import Q

from tthc_inspect.text import fold
from units.roles import liaison_agency_ids, sees_everything


def team_plan_ids(user):
    """Subquery of the ids of plans whose team roster includes the user."""
    from inspections.models import TeamMember

    return TeamMember.objects.filter(official__user=user).values("decision__plan_id")


def agencies_visible_to(user):
    """Office and leadership: every agency; a liaison: its own (and subordinate units);
    a team member: the agencies visited by their plans. (Scoping agencies by inspection
    belongs here, above ``units``.)"""
    from inspections.models import Visit
    from units.models import Agency

    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if sees_everything(user):
        return Agency.objects.all()
    visited = Visit.objects.filter(plan_id__in=team_plan_ids(user)).values("agency_id")
    return Agency.objects.filter(Q(pk__in=liaison_agency_ids(user)) | Q(pk__in=visited))


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if sees_everything(user):
            return self
        condition = Q(pk__in=team_plan_ids(user))
        agencies = liaison_agency_ids(user)
        if agencies:
            from inspections.models import Visit

            condition |= Q(pk__in=Visit.objects.filter(agency_id__in=agencies).values("plan_id"))
        return self.filter(condition)

    def search(self, text: str):
        """Accent-insensitive: "dak ha" finds plans mentioning or visiting "Đắk Hà" or "Đăk Hà"."""
        key = fold(text)
        if not key:
            return self
        from inspections.models import Visit

        visiting = Visit.objects.filter(agency__search_name__contains=key).values("plan_id")
        return self.filter(Q(search_text__contains=key) | Q(pk__in=visiting))


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from inspections.models import Plan

        return self.filter(plan__in=Plan.objects.visible_to(user))


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if sees_everything(user):
            return self
        condition = Q(plan_id__in=team_plan_ids(user))
        agencies = liaison_agency_ids(user)
        if agencies:
            condition |= Q(agency_id__in=agencies)
        return self.filter(condition)
