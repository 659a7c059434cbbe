"""Querysets of everything recorded at a visit, scoped by ``units.scoping``.

Each model declares ``scope = RECORDED_AT_VISIT`` (or its own paths): office and leadership see all,
the plan's team sees its visits' work, an agency's liaison sees it once the results are released
(``inspections.access.RESULTS_RELEASED``).
"""

from units.scoping import Scope, ScopedQuerySet


def recorded_at(visit: str) -> Scope:
    """The scope of a visit's recorded work, reached through the path ``visit``."""
    return Scope(team=f"{visit}__plan", agency=f"{visit}__agency", results_of=visit)


RECORDED_AT_VISIT = recorded_at("visit")


class VisitChildQuerySet(ScopedQuerySet):
    pass


class ItemResultQuerySet(VisitChildQuerySet):
    pass


class FindingQuerySet(VisitChildQuerySet):
    def limitations(self):
        return self.filter(kind="limitation")
