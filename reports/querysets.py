"""Querysets of documents, versions and jobs, scoped by ``units.scoping`` (each model's ``scope``):

- office and leadership: everything;
- the plan's team (from the roster): every document of the plan, drafts included;
- an agency liaison: only the final Biên bản and Thông báo kết luận of its own agency
  (never the plan's Báo cáo, never drafts, never jobs): ``AGENCY_KINDS`` in the models' ``liaison_also``.
"""

from units.scoping import ScopedQuerySet

AGENCY_KINDS = ("minutes", "conclusion")


class DocumentQuerySet(ScopedQuerySet):
    pass


class DocumentVersionQuerySet(ScopedQuerySet):
    pass


class RenderJobQuerySet(ScopedQuerySet):
    pass
