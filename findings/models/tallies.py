"""Per visit and checklist section, and per whole visit, how many item results there are of each kind.

The dashboards sum and rank these (a few rows per visit) instead of reading every item result.
Database triggers (migrations ``0005_result_tallies``, ``0006_visit_tallies``) add each insert, update and
delete of an ``ItemResult`` as a delta, so every write path keeps them exact: the workspace's
saves, the admin, bulk loads, cascading deletes, and concurrent saves on the same visit (a delta
applied under the row's lock, never a recount from a stale snapshot). Nothing in Python writes them
but ``findings.tallies.tallies_recount`` (``manage.py result_tallies --fix``).
"""

from django.db import models

from findings.querysets import RECORDED_AT_VISIT, VisitChildQuerySet


class TallyCounts(models.Model):
    """The counts both tallies keep, and the scoping every visit's record shares."""

    items = models.IntegerField(default=0)  # item results, assessed or not
    passed = models.IntegerField(default=0)
    partial = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)
    not_applicable = models.IntegerField(default=0)

    objects = VisitChildQuerySet.as_manager()
    scope = RECORDED_AT_VISIT

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.visit_id}: {self.passed}/{self.partial}/{self.failed}/{self.not_applicable}"


class ResultTally(TallyCounts):
    visit = models.ForeignKey(  # indexed by the unique (visit, section) constraint
        "inspections.Visit", on_delete=models.CASCADE, related_name="result_tallies", db_index=False
    )
    section = models.ForeignKey("checklists.ChecklistSection", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "section"], name="resulttally_once_per_visit_section")]

    def __str__(self) -> str:
        return f"{self.section_id}/{super().__str__()}"


class VisitTally(TallyCounts):
    """The same counts for the whole visit, with its compliance rate stored and indexed (weights as RESULT_WEIGHTS).

    Kept by its own triggers (migration ``0006_visit_tallies``). The visits drill-down ranks a
    year's visits by this rate: read in index order, its first page no longer needs every visit
    of the year summed and sorted.
    """

    visit = models.OneToOneField(
        "inspections.Visit", on_delete=models.CASCADE, primary_key=True, related_name="result_total"
    )
    # (Đạt + ½ Đạt một phần) × 100 / (Đạt + Đạt một phần + Chưa đạt), NULL when nothing was assessed;
    # written by the same triggers (a generated column would make Django's system checks, hence every
    # manage.py command and the Celery worker's start, connect to PostgreSQL to read its version).
    rate = models.FloatField(null=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["rate", "visit"], name="visittally_rate")]
