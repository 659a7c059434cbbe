"""Row-level scoping of documents, versions and jobs; every view starts from ``visible_to(user)``.

- office and leadership: everything;
- the plan's team (from the roster): every document of the plan, drafts included;
- an agency liaison: only the final Biên bản and Thông báo kết luận of its own agency
  (never the plan's Báo cáo, never drafts, never jobs).
"""

from django.db import models
from django.db.models import Q

from inspections.querysets import team_plan_ids
from units.roles import liaison_agency_ids, sees_everything

AGENCY_KINDS = ("minutes", "conclusion")


def _document_q(user, prefix: str, *, liaison_extra: Q | None) -> Q | None:
    """The condition on ``prefix`` (a path to Document) for ``user``; None means everything."""
    if sees_everything(user):
        return None
    condition = Q(**{f"{prefix}plan_id__in": team_plan_ids(user)})
    agencies = liaison_agency_ids(user)
    if agencies and liaison_extra is not None:
        condition |= Q(**{f"{prefix}kind__in": AGENCY_KINDS, f"{prefix}visit__agency_id__in": agencies}) & liaison_extra
    return condition


class _Scoped(models.QuerySet):
    prefix = ""
    liaison_extra: Q | None = Q()

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = _document_q(user, self.prefix, liaison_extra=self.liaison_extra)
        return self if condition is None else self.filter(condition)


class DocumentQuerySet(_Scoped):
    prefix = ""
    liaison_extra = Q()


class DocumentVersionQuerySet(_Scoped):
    prefix = "document__"
    liaison_extra = Q(status="final")


class RenderJobQuerySet(_Scoped):
    prefix = "version__document__"
    liaison_extra = None
