"""Báo cáo kết quả kiểm tra of a plan: per content area and per agency, strengths, limitations, the annex."""

from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.utils import translation

from findings.models import Evidence, Finding
from findings.models.results import Result, compliance_rate
from inspections.access import RESULTS_RELEASED
from inspections.models import Plan, Visit
from reports.dashboards.charts import report_charts
from reports.documents.common import (
    RESULT_COUNTS,
    DocumentParams,
    decision_text,
    document_header,
    findings_of,
    grouped_texts,
    legal_bases,
    plan_text,
    plan_visits,
    result_counts,
    team_members,
    team_rows,
    visit_dates,
)
from reports.documents.narrative import REC_CONTINUE, REC_INTRO, REC_REMEDY, narrative_blocks, narrative_draft
from reports.documents.wording import wording_on
from reports.formatting import legal_date, lower_first
from reports.models import Kind
from units.templatetags.ui import rate as rate_text

RECIPIENTS = [
    "Như trên;",
    "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "Các cơ quan, đơn vị được kiểm tra;",
    "Thành viên Đoàn kiểm tra;",
    "Lưu: VT, ĐKT.",
]


@dataclass
class AgencyRow:
    """One line of the annex: an agency's results."""

    visit: Visit
    name: str
    dates: str
    passed: int = 0
    partial: int = 0
    failed: int = 0
    not_applicable: int = 0
    limitations: int = 0

    @property
    def assessed(self) -> int:
        return self.passed + self.partial + self.failed

    @property
    def rate(self) -> str:
        """The annex's rate column ("62,5", its header says %), in Vietnamese whatever the reader's UI language."""
        with translation.override("vi"):
            return rate_text(compliance_rate(self.passed, self.partial, self.failed), "")


def _photos(visit_filter: dict, agency_names: dict[int, str]) -> list[dict]:
    photos = (
        Evidence.objects.filter(kind=Evidence.Kind.PHOTO, findings__isnull=False, **visit_filter)
        .exclude(print_image="")
        .distinct()
        .order_by("visit__planned_start", "captured_at", "pk")
    )
    return [
        {
            "id": e.pk,
            "src": f"evidence:{e.pk}",
            "path": e.print_image.name,
            "caption": e.caption,
            "agency": agency_names[e.visit_id],
        }
        for e in photos
    ]


def _section_key(finding: Finding) -> tuple[str, str]:
    if finding.item_id is None:
        return ("", "Nhận xét chung")
    return (finding.item.section.code, finding.item.section.title)


def _count_results(plan: Plan, rows: dict[int, AgencyRow], names: dict[int, str]) -> list[dict]:
    """Add the plan's result counts to the agencies' rows; return them per content area, with the agencies short."""
    sections: OrderedDict[str, dict] = OrderedDict()
    for r in result_counts({"visit__plan": plan}):
        code = r["item__section__code"]
        section = sections.setdefault(
            code,
            {"code": code, "title": r["item__section__title"], "counts": defaultdict(int), "short": []},
        )
        if r["result"] in RESULT_COUNTS and r["visit_id"] in rows:
            count = RESULT_COUNTS[r["result"]]
            setattr(rows[r["visit_id"]], count, getattr(rows[r["visit_id"]], count) + r["n"])
            section["counts"][count] += r["n"]
            if r["result"] in (Result.FAIL, Result.PARTIAL) and names[r["visit_id"]] not in section["short"]:
                section["short"].append(names[r["visit_id"]])
    return list(sections.values())


def _section_rows(sections: list[dict], strengths: list[Finding], names: dict[int, str]) -> list[dict]:
    """The per-content-area table: counts, agencies short, and the strengths noted in that area."""
    strengths_by_section: dict[str, list[dict]] = {}
    for key in {_section_key(f) for f in strengths}:
        same = [f for f in strengths if _section_key(f) == key]
        strengths_by_section[key[0]] = grouped_texts(same, names, "description")
    return [
        {
            "code": section["code"],
            "title": section["title"],
            **{count: section["counts"][count] for count in ("passed", "partial", "failed", "not_applicable")},
            "short": section["short"],
            "strengths": strengths_by_section.get(section["code"], []),
        }
        for section in sections
    ]


def _header(plan: Plan, params: DocumentParams, team):
    return document_header(
        Kind.REPORT,
        plan,
        params,
        team,
        summary=f"Kết quả {lower_first(plan.title)}",
        kinh_gui=[plan.issuer.name.replace("UBND", "Ủy ban nhân dân", 1)],
        noi_nhan=list(RECIPIENTS),
    )


# Visits that took place: their results and findings count; the others are listed apart.
DONE = RESULTS_RELEASED  # visits whose results the report counts: submitted or closed


def _not_done(visits: list[Visit]) -> list[dict]:
    return [
        {"name": v.agency.full_name(), "dates": visit_dates(v), "status": v.get_status_display()}
        for v in visits
        if v.status not in DONE
    ]


def report_context(*, plan: Plan, params: DocumentParams) -> dict:
    """Báo cáo kết quả kiểm tra of a plan (seven queries, whatever the plan's size).

    Only the visits done (submitted or closed) are counted, listed and tabled; the others are
    listed apart as not yet done.
    """
    team = team_members(plan)
    all_visits = plan_visits(plan)
    visits = [v for v in all_visits if v.status in DONE]
    names = {v.pk: v.agency.full_name() for v in visits}
    rows = {v.pk: AgencyRow(visit=v, name=names[v.pk], dates=visit_dates(v)) for v in visits}
    sections = _count_results(plan, rows, names)
    findings = [f for f in findings_of({"visit__plan": plan}) if f.visit_id in names]
    strengths = [f for f in findings if f.kind == Finding.Kind.STRENGTH]
    limitations = [f for f in findings if f.kind == Finding.Kind.LIMITATION]
    by_section: OrderedDict[tuple[str, str], list[Finding]] = OrderedDict()
    for f in limitations:
        rows[f.visit_id].limitations += 1
        by_section.setdefault(_section_key(f), []).append(f)
    section_list = _section_rows(sections, strengths, names)
    wording = wording_on(params.issued_on)
    context = {
        "header": _header(plan, params, team),
        "plan": plan,
        "plan_text": plan_text(plan),
        "decision_text": decision_text(plan, team),
        "legal_basis": legal_bases(plan, team),
        "wording": wording,
        "rec_intro": REC_INTRO,
        "rec_remedy": REC_REMEDY,
        "rec_continue": REC_CONTINUE.format(bodies=wording.local_bodies),
        "narrative": narrative_blocks(params.narrative),
        "team": team_rows(team),
        "period": f"từ ngày {legal_date(plan.period_start)} đến ngày {legal_date(plan.period_end)}",
        "content_areas": plan.content_area_list,
        "agencies": [
            {"name": names[v.pk], "dates": visit_dates(v), "units_seen": [u.name for u in v.units_seen.all()]}
            for v in visits
        ],
        "not_done": _not_done(all_visits),
        "sections": section_list,
        "strengths": grouped_texts(strengths, names, "description"),
        "limitation_groups": [
            {"code": code, "title": title, "items": grouped_texts(items, names, "description")}
            for (code, title), items in by_section.items()
        ],
        "causes": grouped_texts(limitations, names, "cause"),
        "recommendations": grouped_texts(limitations, names, "recommendation"),
        "annex": list(rows.values()),
        "photos": _photos({"visit__plan": plan, "visit__status__in": DONE}, names),
        # Compliance charts (inline SVG, no query: drawn from the counts above).
        "charts": report_charts(section_list, list(rows.values())),
    }
    context["narrative_text"] = {**narrative_draft(Kind.REPORT, context), **params.narrative}
    return context
