"""Scoping of everything recorded at a visit.

Office and leadership see all; the plan's team sees its visits; an agency liaison
sees its own agency's results only once the visit has been submitted.
"""

from django.db import models
from django.db.models import Q

from inspections.querysets import team_plan_ids
from units.roles import liaison_agency_ids, sees_everything

LIAISON_VISIBLE_STATUSES = ("submitted", "closed")


def recorded_work_q(user, visit_path: str) -> Q | None:
    """The condition on ``visit_path`` under which ``user`` may read a visit's recorded work; None = all."""
    if sees_everything(user):
        return None
    condition = Q(**{f"{visit_path}__plan_id__in": team_plan_ids(user)})
    agencies = liaison_agency_ids(user)
    if agencies:
        condition |= Q(
            **{f"{visit_path}__agency_id__in": agencies, f"{visit_path}__status__in": LIAISON_VISIBLE_STATUSES}
        )
    return condition


class VisitChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = recorded_work_q(user, self.model.visit_path)
        return self if condition is None else self.filter(condition)


class ItemResultQuerySet(VisitChildQuerySet):
    pass


class FindingQuerySet(VisitChildQuerySet):
    def limitations(self):
        return self.filter(kind="limitation")
