"""Reads for the dashboards: every figure is aggregated in the database.

Compliance is summed from the result tallies, one row per (visit, section) kept by database
triggers (``findings.models.tallies``), instead of from every item result: a few rows per visit,
so a ranked list of a year's visits costs little more at 100,000 findings than at 10,000. The
sums equal a recount from the item results (tested against one).

Each function starts from the model's ``visible_to(user)`` queryset (a liaison only ever counts
its own agency's rows, once submitted) and applies the same ``Scope``; the number of queries
does not depend on the data (pinned by ``reports/tests/test_dashboard_queries.py``).

Compliance rate = (Đạt + ½ Đạt một phần) / (Đạt + Đạt một phần + Chưa đạt); "Không áp dụng" and
unassessed items are left out, as in ``findings.models.results.RESULT_WEIGHTS``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Expression, F, Max, Q, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from findings.models import Finding, RemediationAction, ResultTally, VisitTally
from findings.models.results import Result, compliance_rate, compliance_rate_sql
from inspections.models import Plan, Visit
from reports.dashboards.filters import Scope
from reports.home import progress_of
from units.models import Agency
from units.roles import sees_everything

TOP = 15  # rows in the "needs attention" tables of the overview; exports carry every row
AGE_BUCKETS = [  # (key, label, lower bound in days, upper bound in days or None)
    ("0-30", _("≤ 30 ngày"), 0, 30),
    ("31-90", _("31–90 ngày"), 31, 90),
    ("91-180", _("91–180 ngày"), 91, 180),
    ("181-365", _("181–365 ngày"), 181, 365),
    ("365+", _("trên 1 năm"), 366, None),
]
ACTION_STATES = ("open", "returned", "reported", "verified", "overdue", "pending")
RESULT_FIELDS = {
    Result.PASS: "passed",
    Result.PARTIAL: "partial",
    Result.FAIL: "failed",
    Result.NOT_APPLICABLE: "not_applicable",
}
# The columns the drill-down lists show: fewer columns to read, and fewer to turn into objects.
VISIT_LIST_FIELDS = ("status", "planned_start", "agency__name", "agency__area__name", "plan__number", "plan__year")
FINDING_LIST_FIELDS = (
    "kind",
    "severity",
    "description",
    "visit__agency__name",
    "visit__plan__number",
    "visit__plan__year",
    "item__code",
)
ACTION_LIST_FIELDS = (
    "description",
    "created_at",
    "visit__conclusion_issued_on",
    "deadline",
    "status",
    "agency__name",
    "visit__plan__number",
    "visit__plan__year",
)


def tallies_for(*, user, scope: Scope):
    """Result counts per (visit, section), kept by triggers (findings.models.tallies): what compliance sums."""
    return ResultTally.objects.visible_to(user).filter(scope.visit_q("visit__"))


def findings_for(*, user, scope: Scope):
    return Finding.objects.visible_to(user).filter(scope.visit_q("visit__"))


def actions_for(*, user, scope: Scope):
    return RemediationAction.objects.visible_to(user).filter(scope.visit_q("visit__"))


def visits_for(*, user, scope: Scope):
    return Visit.objects.visible_to(user).filter(scope.visit_q())


def years_for(*, user) -> list[int]:
    """The plan years the user can see (one query): the year filter's choices."""
    return list(Plan.objects.visible_to(user).order_by().values_list("year", flat=True).distinct())


# --- progress ---------------------------------------------------------------------------------


def plan_progress(*, user, scope: Scope) -> list[dict]:
    """Plans by status (one query). With an agency or visit filter, only plans with a matching visit count."""
    plans = Plan.objects.visible_to(user)
    if scope.year:
        plans = plans.filter(year=scope.year)
    if scope.plan:
        plans = plans.filter(pk=scope.plan)
    if scope.kind or scope.level or scope.area or scope.status:
        plans = plans.filter(pk__in=visits_for(user=user, scope=scope).values("plan_id"))
    counts = plans.aggregate(**{s: Count("pk", filter=Q(status=s)) for s in Plan.Status.values})
    return [{"status": s, "label": label, "n": counts[s]} for s, label in Plan.Status.choices]


def visit_progress(*, user, scope: Scope) -> list[dict]:
    """Visits by status (one query): the progress of the work, kept apart from its results."""
    visits = visits_for(user=user, scope=scope)
    counts = visits.aggregate(**{s: Count("pk", filter=Q(status=s)) for s in Visit.Status.values})
    return [{"status": s, "label": label, "n": counts[s]} for s, label in Visit.Status.choices]


def visits_in_progress(*, user, scope: Scope, limit: int = TOP) -> tuple[list[dict], int]:
    """The visits under way, earliest first, with items assessed / applicable, and how many there are (one query).

    Read from each visit's tally row, as the workspace shows it; only visits whose results the user
    may read (a liaison sees none before submission, as in the drill-downs).
    """
    visits = visits_for(user=user, scope=scope).filter(status=Visit.Status.IN_PROGRESS)
    if not sees_everything(user):
        visits = visits.filter(pk__in=VisitTally.objects.visible_to(user).values("visit_id"))
    rows = list(
        visits.select_related("agency", "plan", "result_total")
        .annotate(total=Window(Count("pk")))
        .order_by("planned_start", "pk")[:limit]
    )
    out = []
    for visit in rows:
        progress = progress_of(visit)
        out.append(
            {
                "pk": visit.pk,
                "agency": visit.agency.name,
                "plan": f"{visit.plan.number} ({visit.plan.year})",
                "planned_start": visit.planned_start,
                "assessed": progress.assessed,
                "applicable": progress.applicable,
                "percent": progress.percent,
            }
        )
    return out, rows[0].total if rows else 0


# --- compliance --------------------------------------------------------------------------------


def _tally_sums(path: str = "") -> dict:
    """Sums of the result tallies reached through ``path`` ("" from ResultTally, "result_tallies__" from visits)."""
    return {field: Coalesce(Sum(f"{path}{field}"), 0) for field in RESULT_FIELDS.values()}


def _with_rate(counts: dict) -> dict:
    """Add ``assessed`` and ``rate`` (0–100, None when nothing was assessed) to result counts."""
    passed, partial, failed = counts["passed"], counts["partial"], counts["failed"]
    return {**counts, "assessed": passed + partial + failed, "rate": compliance_rate(passed, partial, failed)}


def _rate_expression(path: str = "") -> Expression:
    """The compliance rate in SQL from summed tallies, NULL when nothing was assessed: for ranking in the database."""
    return compliance_rate_sql(*(Sum(f"{path}{field}") for field in ("passed", "partial", "failed")))


def _by_section(tallies, *groups: str) -> list[dict]:
    """Tallies summed per content area (checklist section, by code and title across template versions), one query.

    ``groups`` adds grouping columns, e.g. the plan year for the year-over-year table.
    """
    rows = (
        tallies.order_by()
        .values(*groups, code=F("section__code"), title=F("section__title"))
        .annotate(order=Max("section__order"), **_tally_sums())
    )
    return [_with_rate(row) for row in rows]


def compliance_by_section(*, user, scope: Scope) -> list[dict]:
    """Per content area, from the per-(visit, section) tallies (one query, a few rows per visit)."""
    return sorted(_by_section(tallies_for(user=user, scope=scope)), key=lambda r: (r["order"], r["code"]))


def agency_compliance(*, user, scope: Scope, limit: int | None = TOP) -> tuple[list[dict], int]:
    """Per agency, lowest rate first (the agencies that need attention), and how many agencies were assessed.

    Two queries: the tallies summed per agency, then the names of the agencies shown. Only agencies
    with assessed results count; ties are broken by name, then id.
    """
    counts = (
        tallies_for(user=user, scope=scope)
        .order_by()
        .values(agency_id=F("visit__agency_id"))
        .annotate(visits=Count("visit_id", distinct=True), **_tally_sums())
    )
    rows = [row for row in map(_with_rate, counts) if row["assessed"]]
    return _ranked_with_names(rows, lambda r: r["rate"], limit), len(rows)


def compliance_by_agency(*, user, scope: Scope, limit: int | None = TOP) -> list[dict]:
    """Per agency, lowest rate first; ``limit=None``: all (see ``agency_compliance``)."""
    return agency_compliance(user=user, scope=scope, limit=limit)[0]


# --- limitations -------------------------------------------------------------------------------


def limitations_by_item(*, user, scope: Scope, limit: int | None = TOP) -> list[dict]:
    """Limitations per checklist item, most frequent first (one query); general remarks have no item (listed last)."""
    rows = (
        findings_for(user=user, scope=scope)
        .filter(kind=Finding.Kind.LIMITATION)
        .values(section=F("item__section__code"), code=F("item__code"), text=F("item__text"))
        .annotate(n=Count("pk"), agencies=Count("visit__agency_id", distinct=True))
        .order_by("-n", F("section").asc(nulls_last=True), F("code").asc(nulls_last=True))
    )
    return list(rows if limit is None else rows[:limit])


def limitations_by_agency(*, user, scope: Scope, limit: int | None = TOP) -> list[dict]:
    """Limitations per agency, most first, ties by name (two queries: counts per agency, then the names shown)."""
    rows = list(
        findings_for(user=user, scope=scope)
        .filter(kind=Finding.Kind.LIMITATION)
        .order_by()
        .values(agency_id=F("visit__agency_id"))
        .annotate(
            n=Count("pk"),
            high=Count("pk", filter=Q(severity="high")),
            visits=Count("visit_id", distinct=True),
        )
    )
    return _ranked_with_names(rows, lambda r: -r["n"], limit)


def _ranked_with_names(rows: list[dict], rank, limit: int | None) -> list[dict]:
    """Agency rows ordered by ``rank(row)``, then agency name, then id; the first ``limit`` (None: all).

    Names are read in one query, only for the rows up to the limit and those tied with the last of
    them (which the name decides between): joining names into the counting GROUP BY cost more.
    """
    rows = sorted(rows, key=rank)
    if limit is not None and 0 < limit < len(rows):
        boundary = rank(rows[limit - 1])
        rows = [r for r in rows if rank(r) <= boundary]
    names = {
        pk: (name, area)
        for pk, name, area in Agency.objects.filter(pk__any=[r["agency_id"] for r in rows]).values_list(
            "pk", "name", "area__name"
        )
    }
    for row in rows:
        row["name"], row["area"] = names[row["agency_id"]]
    rows.sort(key=lambda r: (rank(r), r["name"], r["agency_id"]))
    return rows if limit is None else rows[:limit]


# --- remediation -------------------------------------------------------------------------------


def _age_q(key: str, today: datetime.date) -> Q:
    """Actions not yet verified whose age falls in bucket ``key``.

    The age counts from the day the action was required: the visit's conclusion
    (``conclusion_issued_on``), not the row's creation (a 2020 conclusion entered today is 2020's).
    An action without a conclusion date (none in practice) falls back to its creation day.
    """
    for name, _label, low, high in AGE_BUCKETS:
        if name == key:
            newest = today - datetime.timedelta(days=low)
            required = Q(visit__conclusion_issued_on__lte=newest)
            created = Q(visit__conclusion_issued_on__isnull=True, created_at__lte=_day_end(newest))
            if high is not None:
                oldest = today - datetime.timedelta(days=high)
                required &= Q(visit__conclusion_issued_on__gte=oldest)
                created &= Q(created_at__gte=_day_start(oldest))
            return (required | created) & ~Q(status=RemediationAction.Status.VERIFIED)
    return Q(pk__in=[])


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def state_q(state: str, today: datetime.date) -> Q:
    """Actions in one dashboard state: a status, overdue (the agency must act, deadline passed) or pending."""
    Status = RemediationAction.Status
    if state == "overdue":
        return Q(status__in=RemediationAction.AGENCY_STATES, deadline__lt=today)
    if state == "pending":
        return ~Q(status=Status.VERIFIED)
    if state in Status.values:
        return Q(status=state)
    return Q(pk__in=[])


def remediation_summary(*, user, scope: Scope, today: datetime.date) -> dict:
    """Counts by status, overdue, and the age of the actions still open (one query)."""
    actions = actions_for(user=user, scope=scope)
    aggregates = {state: Count("pk", filter=state_q(state, today)) for state in ACTION_STATES}
    aggregates.update({f"age_{key}": Count("pk", filter=_age_q(key, today)) for key, *_ in AGE_BUCKETS})
    aggregates["total"] = Count("pk")
    counts = actions.aggregate(**aggregates)
    return {
        "counts": counts,
        "states": [
            {"state": s, "label": state_label(s), "n": counts[s]} for s in ("open", "returned", "reported", "verified")
        ],
        # Overdue cuts across the statuses (an open or returned action past its deadline): its own figure.
        "overdue": {"state": "overdue", "label": state_label("overdue"), "n": counts["overdue"]},
        "ages": [{"age": key, "label": label, "n": counts[f"age_{key}"]} for key, label, *_ in AGE_BUCKETS],
    }


def state_label(state: str) -> str:
    labels = {
        "open": _("Đang khắc phục"),
        "returned": _("Trả lại, khắc phục tiếp"),
        "reported": _("Đã báo cáo, chờ xác minh"),
        "verified": _("Đã xác minh, đóng"),
        "overdue": _("Quá hạn"),
        "pending": _("Chưa đóng"),
    }
    return str(labels.get(state, state))


def age_label(key: str) -> str:
    return str(next((label for name, label, *_rest in AGE_BUCKETS if name == key), key))


# --- year over year ----------------------------------------------------------------------------


def yoy_by_section(*, user, scope: Scope) -> list[dict]:
    """Rate per content area and plan year, every year, the other filters applied (one query)."""
    tallies = tallies_for(user=user, scope=scope.without_year())
    rows = _by_section(tallies.annotate(year=F("visit__plan__year")), "year")
    return sorted(rows, key=lambda r: (r["order"], r["code"], r["year"]))


def yoy_by_agency(*, user, scope: Scope, limit: int = TOP) -> list[dict]:
    """Rate per agency and year for the ``limit`` agencies with the lowest rate over all years (one query)."""
    tallies = tallies_for(user=user, scope=scope.without_year())
    weakest = (
        tallies.values("visit__agency_id")
        .annotate(rate=_rate_expression())
        .filter(rate__isnull=False)
        .order_by("rate", "visit__agency_id")
        .values("visit__agency_id")[:limit]
    )
    rows = (
        tallies.filter(visit__agency_id__in=weakest)
        .values(
            year=F("visit__plan__year"),
            agency_id=F("visit__agency_id"),
            name=F("visit__agency__name"),
            area=F("visit__agency__area__name"),
        )
        .annotate(**_tally_sums())
        .order_by("name", "agency_id", "year")
    )
    return [_with_rate(row) for row in rows]


def agency_trend(*, user, agency_id: int) -> dict:
    """One agency across every year: its rate per year, and per content area and year (two queries).

    From the same scoped tallies as every figure (a liaison reads its own results once submitted).
    """
    tallies = ResultTally.objects.visible_to(user).filter(visit__agency_id=agency_id)
    years = (
        tallies.order_by()
        .values(year=F("visit__plan__year"))
        .annotate(visits=Count("visit_id", distinct=True), **_tally_sums())
        .order_by("year")
    )
    sections = sorted(
        _by_section(tallies.annotate(year=F("visit__plan__year")), "year"), key=lambda r: (r["order"], r["code"])
    )
    return {"years": [_with_rate(row) for row in years], "sections": pivot(sections, "code", "title")}


@dataclass
class Pivot:
    """Rows × years of rates, for the year-over-year tables and charts."""

    years: list[int]
    rows: list[dict]  # {"key":…, "label":…, "extra":…, "cells": [{"year", "rate", "assessed"} or None]}


def pivot(rows: list[dict], key: str, label: str, extra: str | None = None) -> Pivot:
    """Rows × years; each row also carries ``rate``, its rate over every year (the summed counts, not a mean)."""
    years = sorted({r["year"] for r in rows})
    table: dict = {}
    for r in rows:
        entry = table.setdefault(
            r[key],
            {
                "key": r[key],
                "label": r[label],
                "extra": r.get(extra) if extra else "",
                "by_year": {},
                "sums": [0, 0, 0],
            },
        )
        entry["by_year"][r["year"]] = {"year": r["year"], "rate": r["rate"], "assessed": r["assessed"]}
        entry["sums"] = [a + b for a, b in zip(entry["sums"], (r["passed"], r["partial"], r["failed"]), strict=True)]
    out = []
    for entry in table.values():
        entry["cells"] = [entry["by_year"].get(y) for y in years]
        entry["rate"] = compliance_rate(*entry.pop("sums"))
        out.append(entry)
    return Pivot(years=years, rows=out)


def _rate_order(row: dict) -> tuple:
    """Lowest rate first (no rate last), then by name: the agencies that need attention on top."""
    return (row["rate"] is None, row["rate"] or 0, row["label"], row["key"])


# --- the pages ---------------------------------------------------------------------------------


def overview(*, user, scope: Scope, today: datetime.date) -> dict:
    """Everything the overview page shows (eleven queries, whatever the data size)."""
    agencies, agency_total = agency_compliance(user=user, scope=scope)
    return {
        "plans": plan_progress(user=user, scope=scope),
        "visits": visit_progress(user=user, scope=scope),
        "under_way": visits_in_progress(user=user, scope=scope),
        "sections": compliance_by_section(user=user, scope=scope),
        "agencies": agencies,
        "agency_total": agency_total,
        "limitation_items": limitations_by_item(user=user, scope=scope),
        "limitation_agencies": limitations_by_agency(user=user, scope=scope),
        "remediation": remediation_summary(user=user, scope=scope, today=today),
    }


def year_over_year(*, user, scope: Scope) -> dict:
    return {
        "sections": pivot(yoy_by_section(user=user, scope=scope), "code", "title"),
        "agencies": _sorted_by_rate(pivot(yoy_by_agency(user=user, scope=scope), "agency_id", "name", "area")),
    }


def _sorted_by_rate(table: Pivot) -> Pivot:
    return Pivot(years=table.years, rows=sorted(table.rows, key=_rate_order))


def visit_list(*, user, scope: Scope, drill: dict):
    """Visits behind a figure, with their compliance (restricted to one section if asked), weakest first."""
    visits = visits_for(user=user, scope=scope)
    if not sees_everything(user):
        # Only visits whose results this user may read, as in the figures: a liaison's own once submitted.
        visits = visits.filter(pk__in=VisitTally.objects.visible_to(user).values("visit_id"))
    if "agency" in drill:
        visits = visits.filter(agency_id=drill["agency"])
    visits = visits.select_related("agency", "agency__area", "plan").only(*VISIT_LIST_FIELDS)
    if "section" in drill:
        # A filter before annotate() constrains the join the sums use: this section's tallies only.
        visits = visits.filter(result_tallies__section__code=drill["section"]).annotate(
            **_tally_sums("result_tallies__"), rate=_rate_expression("result_tallies__")
        )
    else:
        # The whole visit's counts and stored rate. Every visit has that row (a trigger makes it with
        # the visit), so the join can be inner and the first page read in the rate index's order.
        visits = visits.filter(result_total__isnull=False).annotate(
            **{field: Coalesce(F(f"result_total__{field}"), 0) for field in RESULT_FIELDS.values()},
            rate=F("result_total__rate"),
        )
    return visits.annotate(assessed=F("passed") + F("partial") + F("failed")).order_by(
        F("rate").asc(nulls_last=True), "agency__name", "pk"
    )


def finding_list(*, user, scope: Scope, drill: dict):
    from reports.dashboards.filters import NO_ITEM

    findings = findings_for(user=user, scope=scope)
    if "finding" in drill:
        findings = findings.filter(kind=drill["finding"])
    if "agency" in drill:
        findings = findings.filter(visit__agency_id=drill["agency"])
    if "section" in drill:
        findings = findings.filter(item__section__code=drill["section"])
    if drill.get("item") == NO_ITEM:
        findings = findings.filter(item__isnull=True)
    elif "item" in drill:
        findings = findings.filter(item__code=drill["item"])
    return (
        findings.select_related("visit__agency", "visit__plan", "item")
        .only(*FINDING_LIST_FIELDS)
        .order_by("-visit__plan__year", "visit__agency__name", "pk")
    )


def action_list(*, user, scope: Scope, drill: dict, today: datetime.date):
    actions = actions_for(user=user, scope=scope)
    if "state" in drill:
        actions = actions.filter(state_q(drill["state"], today))
    if "age" in drill:
        actions = actions.filter(_age_q(drill["age"], today))
    if "agency" in drill:
        actions = actions.filter(agency_id=drill["agency"])
    return actions.select_related("agency", "visit__plan").only(*ACTION_LIST_FIELDS).order_by("deadline", "pk")
