"""Per visit and checklist section, how many item results there are of each kind.

The dashboards sum and rank these (one row per visit and section) instead of reading every
item result. Database triggers (migration ``0005_result_tallies``) add each insert, update and
delete of an ``ItemResult`` as a delta, so every write path keeps them exact: the workspace's
saves, the admin, bulk loads, cascading deletes, and concurrent saves on the same visit (a delta
applied under the row's lock, never a recount from a stale snapshot). Nothing in Python writes them.
"""

from django.db import models

from findings.querysets import VisitChildQuerySet


class ResultTally(models.Model):
    visit = models.ForeignKey(  # indexed by the unique (visit, section) constraint
        "inspections.Visit", on_delete=models.CASCADE, related_name="result_tallies", db_index=False
    )
    section = models.ForeignKey("findings.ChecklistSection", on_delete=models.PROTECT, related_name="+")
    items = models.IntegerField(default=0)  # item results, assessed or not
    passed = models.IntegerField(default=0)
    partial = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)
    not_applicable = models.IntegerField(default=0)

    objects = VisitChildQuerySet.as_manager()
    visit_path = "visit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "section"], name="resulttally_once_per_visit_section")]

    def __str__(self) -> str:
        return f"{self.visit_id}/{self.section_id}: {self.passed}/{self.partial}/{self.failed}/{self.not_applicable}"
