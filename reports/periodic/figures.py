"""The figures of the periodic report upward (quarter, half-year, year), from the data the user may see.

The rows printed come from the form file (``bieu-mau.yaml``, or the file named by the setting
``PERIODIC_REPORT_FORM``): each row names a metric of ``METRICS``. A visit counts in a period when it
started there (actual start, else planned start); "done" is submitted or closed. Remediation counts
the actions of those visits as of the period's last day: verified by then is done; otherwise overdue
when its deadline is before that day. Every figure is one grouped query (fixed count whatever the size).
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from findings.models import Finding, ItemResult, RemediationAction
from findings.models.results import Result, compliance_rate
from inspections.access import RESULTS_RELEASED
from inspections.models import Visit
from units.models import Level

FORM_FILE = Path(__file__).with_name("bieu-mau.yaml")
DONE = RESULTS_RELEASED  # "done" = submitted or closed: the statuses from which results are released
PARTS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}
PART_LABELS = {
    "Q1": "Quý I",
    "Q2": "Quý II",
    "Q3": "Quý III",
    "Q4": "Quý IV",
    "H1": "6 tháng đầu năm",
    "H2": "6 tháng cuối năm",
}


class PeriodError(ValueError):
    """A period that cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class Period:
    """A reporting period: "2020" (year), "2020-H1"/"H2" (half-year), "2020-Q1"…"Q4" (quarter)."""

    year: int
    part: str = ""

    @classmethod
    def parse(cls, text: str) -> "Period":
        year, _sep, part = (text or "").strip().upper().partition("-")
        if not (year.isdigit() and 2000 <= int(year) <= 2100) or (part and part not in PARTS):
            raise PeriodError(
                _("Kỳ báo cáo không hợp lệ: “%(text)s” (ví dụ: 2020, 2020-H2, 2020-Q3).") % {"text": text}
            )
        return cls(int(year), part)

    def __str__(self) -> str:
        return f"{self.year}-{self.part}" if self.part else str(self.year)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, PARTS[self.part][0] if self.part else 1, 1)

    @property
    def end(self) -> datetime.date:
        last = PARTS[self.part][1] if self.part else 12
        following = datetime.date(self.year + (last == 12), last % 12 + 1, 1)
        return following - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.part.startswith("H"):
            return f"{PART_LABELS[self.part]} {self.year}"
        return f"{PART_LABELS[self.part]} năm {self.year}" if self.part else f"năm {self.year}"


@dataclass
class Row:
    code: str
    label: str
    unit: str = ""
    value: object = None
    note: str = ""
    confirmed: bool = False
    heading: bool = False


@dataclass
class Figures:
    period: Period
    title: str
    rows: list[Row] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def form_rows() -> dict:
    """The form file (title, rows); an unknown metric is an error, named."""
    path = Path(getattr(settings, "PERIODIC_REPORT_FORM", "") or FORM_FILE)
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = [r.get("metric") for r in form["rows"] if r.get("metric") not in METRICS]
    if unknown:
        raise ValueError(f"{path}: unknown metric(s) {unknown}; known: {sorted(METRICS)}")
    return form


def _visits(user, period: Period):
    started = Coalesce("actual_start", "planned_start")
    return Visit.objects.visible_to(user).alias(started=started).filter(started__range=(period.start, period.end))


def _counts(user, period: Period) -> dict:
    visits = _visits(user, period)
    done = visits.filter(status__in=DONE)
    level_counts = dict(
        done.values("agency__level").annotate(n=Count("agency_id", distinct=True)).values_list("agency__level", "n")
    )
    plans = done.aggregate(
        plans=Count("plan_id", distinct=True), ad_hoc=Count("plan_id", distinct=True, filter=Q(plan__is_ad_hoc=True))
    )
    return {
        "plans": plans["plans"],
        "ad_hoc_plans": plans["ad_hoc"],
        "visits_done": done.count(),
        "visits_pending": visits.exclude(status__in=DONE).count(),
        "agencies": done.aggregate(n=Count("agency_id", distinct=True))["n"],
        "agencies_by_level": [(str(label), level_counts.get(value, 0), "") for value, label in Level.choices],
        "results_by_group": _results(done),
        **_limitations(done),
        **_actions(done, period),
    }


def _results(done) -> list[tuple]:
    rows = (
        ItemResult.objects.filter(visit__in=done)
        .values("item__section__code", "item__section__title", "result")
        .annotate(n=Count("pk"))
        .order_by("item__section__code")
    )
    groups: dict[tuple, dict] = {}
    for r in rows:
        groups.setdefault((r["item__section__code"], r["item__section__title"]), {})[r["result"]] = r["n"]
    out = []
    for (code, title), n in groups.items():
        passed, partial, failed = n.get(Result.PASS, 0), n.get(Result.PARTIAL, 0), n.get(Result.FAIL, 0)
        rate = compliance_rate(passed, partial, failed)
        note = _("Đạt %(p)d; đạt một phần %(q)d; chưa đạt %(f)d; không áp dụng %(na)d") % {
            "p": passed,
            "q": partial,
            "f": failed,
            "na": n.get(Result.NOT_APPLICABLE, 0),
        }
        out.append((f"{code}. {title}", None if rate is None else round(rate, 1), note))
    return out


def _limitations(done) -> dict:
    limitations = Finding.objects.filter(visit__in=done, kind=Finding.Kind.LIMITATION)
    rows = (
        limitations.values("item__section__code", "item__code", "item__text")
        .annotate(n=Count("pk"), agencies=Count("visit__agency_id", distinct=True))
        .order_by("item__section__code", "item__code")
    )
    by_kind = [
        (
            f"{r['item__code']} {r['item__text']}" if r["item__code"] else _("Khác"),
            r["n"],
            _("%(n)d cơ quan") % {"n": r["agencies"]},
        )
        for r in rows
    ]
    return {"limitations": limitations.count(), "limitations_by_kind": by_kind}


def _actions(done, period: Period) -> dict:
    day = min(period.end, datetime.date.today())  # noqa: DTZ011 (a calendar day, compared with deadlines)
    actions = RemediationAction.objects.filter(visit__in=done)
    verified = Q(status=RemediationAction.Status.VERIFIED, reviewed_at__date__lte=day)
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=verified),
        overdue=Count("pk", filter=~verified & Q(deadline__lt=day)),
    )
    return {
        "actions": counts["total"],
        "actions_done": counts["done"],
        "actions_overdue": counts["overdue"],
        "actions_open": counts["total"] - counts["done"] - counts["overdue"],
    }


METRICS = {
    "plans",
    "ad_hoc_plans",
    "visits_done",
    "visits_pending",
    "agencies",
    "agencies_by_level",
    "results_by_group",
    "limitations",
    "limitations_by_kind",
    "actions",
    "actions_done",
    "actions_open",
    "actions_overdue",
}


def periodic_figures(*, user, period: Period) -> Figures:
    """The report's rows for ``period``, as the form file lists them, from what ``user`` may see."""
    form = form_rows()
    counts = _counts(user, period)
    figures = Figures(period=period, title=form.get("title", ""), counts=counts)
    for spec in form["rows"]:
        value = counts[spec["metric"]]
        confirmed = bool(spec.get("confirmed", False))
        if isinstance(value, list):
            figures.rows.append(Row("", spec["label"], confirmed=confirmed, heading=True))
            for n, (label, sub, note) in enumerate(value, start=1):
                figures.rows.append(Row(f"{spec['code']}.{n}", label, spec.get("unit", ""), sub, note, confirmed))
        else:
            figures.rows.append(Row(str(spec["code"]), spec["label"], spec.get("unit", ""), value, "", confirmed))
    return figures
