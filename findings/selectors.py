"""Reads for the workspace: a fixed number of queries whatever the number of items."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from findings.models import Evidence, Explanation, Finding, ItemResult, VisitMinutes
from findings.models.results import Result, compliance_rate
from inspections.models import Visit
from tthc_inspect.history import object_history


@dataclass(frozen=True)
class VisitProgress:
    assessed: int
    applicable: int
    passed: int
    partial: int
    failed: int

    @property
    def percent(self) -> int:
        return round(100 * self.assessed / self.applicable) if self.applicable else 0

    @property
    def compliance_rate(self) -> float | None:
        """As a fraction (0–1) of ``findings.models.results.compliance_rate``; None when nothing was assessed."""
        rate = compliance_rate(self.passed, self.partial, self.failed)
        return None if rate is None else rate / 100


def visit_progress(*, visit: Visit) -> VisitProgress:
    counts = ItemResult.objects.filter(visit=visit).aggregate(
        total=Count("pk"),
        na=Count("pk", filter=Q(result=Result.NOT_APPLICABLE)),
        passed=Count("pk", filter=Q(result=Result.PASS)),
        partial=Count("pk", filter=Q(result=Result.PARTIAL)),
        failed=Count("pk", filter=Q(result=Result.FAIL)),
    )
    assessed = counts["passed"] + counts["partial"] + counts["failed"]
    return VisitProgress(
        assessed=assessed,
        applicable=counts["total"] - counts["na"],
        passed=counts["passed"],
        partial=counts["partial"],
        failed=counts["failed"],
    )


@dataclass(frozen=True)
class SectionProgress:
    pk: int
    code: str
    title: str
    assessed: int
    applicable: int


@dataclass(frozen=True)
class VisitOutline:
    """The workspace's index: each section's progress, the items still without a result, the totals."""

    sections: list[SectionProgress]
    missing: list[tuple[int, str, str]]  # (item result pk, item code, item text)
    progress: VisitProgress


def visit_outline(*, visit: Visit, rows: list[ItemResult] | None = None) -> VisitOutline:
    """From the page's rows when given (no query), else one query of plain values."""
    if rows is None:
        fields = ("pk", "item__section_id", "item__section__code", "item__section__title", "item__code")
        values = (
            ItemResult.objects.filter(visit=visit)
            .order_by("item__section__order", "item__section__pk", "item__order", "item__pk")
            .values_list(*fields, "item__text", "result")
        )
    else:
        values = [
            (r.pk, r.item.section_id, r.item.section.code, r.item.section.title, r.item.code, r.item.text, r.result)
            for r in rows
        ]
    sections, missing, counts = {}, [], dict.fromkeys(Result.values, 0)
    for pk, section_id, code, title, item_code, item_text, result in values:
        entry = sections.setdefault(section_id, [section_id, code, title, 0, 0])
        counts[result] = counts.get(result, 0) + 1
        if result != Result.NOT_APPLICABLE:
            entry[4] += 1
        if result and result != Result.NOT_APPLICABLE:
            entry[3] += 1
        if not result:
            missing.append((pk, item_code, item_text))
    total = sum(counts.values())
    progress = VisitProgress(
        assessed=counts[Result.PASS] + counts[Result.PARTIAL] + counts[Result.FAIL],
        applicable=total - counts[Result.NOT_APPLICABLE],
        passed=counts[Result.PASS],
        partial=counts[Result.PARTIAL],
        failed=counts[Result.FAIL],
    )
    return VisitOutline([SectionProgress(*entry) for entry in sections.values()], missing, progress)


def visit_item_results(*, visit: Visit) -> list[ItemResult]:
    return list(
        ItemResult.objects.filter(visit=visit)
        .select_related("item", "item__section", "progress_by", "updated_by")
        .order_by("item__section__order", "item__section__pk", "item__order", "item__pk")
    )


def visit_findings(*, visit: Visit) -> list[Finding]:
    """The workspace's findings list: what its cards show (item code, text, photos, explanations), no more."""
    return list(
        Finding.objects.filter(visit=visit)
        .select_related("item")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("kind", "thumbnail", "caption").order_by("pk")),
            Prefetch("explanations", queryset=Explanation.objects.only("finding_id", "text").order_by("created_at")),
        )
        .order_by("kind", "item__section__order", "item__order", "pk")
    )


def visit_evidence(*, visit: Visit) -> list[Evidence]:
    return list(Evidence.objects.filter(visit=visit).select_related("uploaded_by").order_by("uploaded_at", "pk"))


def visit_minutes(*, visit: Visit) -> VisitMinutes:
    return VisitMinutes.objects.filter(visit=visit).first() or VisitMinutes(visit=visit)


def finding_history(*, finding: Finding) -> list[dict]:
    """Who changed what and when on this finding, newest first, as before → after per field."""
    return object_history(Finding, finding.pk)
