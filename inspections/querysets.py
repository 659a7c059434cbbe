"""Querysets of plans, decisions and visits: scoped by ``units.scoping`` (each model's ``scope``), plus search."""

from django.db.models import Q

from tthc_inspect.text import fold
from units.scoping import ScopedQuerySet


class PlanQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Accent-insensitive: "dak ha" finds plans mentioning or visiting "Đắk Hà" or "Đăk Hà"."""
        key = fold(text)
        if not key:
            return self
        from inspections.models import Visit

        visiting = Visit.objects.filter(agency__search_name__contains=key).values("plan_id")
        return self.filter(Q(search_text__contains=key) | Q(pk__in=visiting))


class DecisionQuerySet(ScopedQuerySet):
    pass


class VisitQuerySet(ScopedQuerySet):
    pass
