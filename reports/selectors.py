"""Reads for documents: the contexts the PDF/DOCX/XLSX renderers print, and the document panels.

Every function here runs a fixed number of SQL queries whatever the number of agencies,
findings or photos (pinned by tests with ``django_assert_max_num_queries``). Templates
receive plain dicts and lists, so rendering never triggers a lazy load.
"""

import datetime
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import translation

from findings.models import Evidence, Finding, ItemResult, VisitMinutes
from findings.models.results import Result, compliance_rate
from inspections.models import Plan, TeamMember, Visit
from reports.dashboards.charts import report_charts
from reports.formatting import (
    date_line,
    date_words,
    doc_number,
    legal_date,
    lower_first,
    place_name,
    short_date,
    upper_vi,
)
from reports.models import Document, DocumentVersion, Kind, RenderJob
from units.models import Level
from units.templatetags.ui import rate as rate_text

TEAM_BODY = "ĐOÀN KIỂM TRA"
ROLE_ORDER = {
    TeamMember.Role.HEAD: 0,
    TeamMember.Role.DEPUTY: 1,
    TeamMember.Role.MEMBER: 2,
    TeamMember.Role.SECRETARY: 3,
}
LEGAL_BASIS = [
    "Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính; Nghị định số "
    "92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ sửa đổi, bổ sung một số điều của các nghị định liên quan đến "
    "kiểm soát thủ tục hành chính",
    "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông "
    "trong giải quyết thủ tục hành chính",
    "Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Văn phòng Chính phủ hướng dẫn về nghiệp vụ kiểm soát thủ tục "
    "hành chính",
]


@dataclass(frozen=True)
class DocumentParams:
    """What a rendering needs besides the data: the document's date, and for a final one its number and signer."""

    issued_on: datetime.date
    final: bool = False
    number: int | None = None
    signer_name: str = ""
    signer_position: str = ""
    deadline: datetime.date | None = None
    version: int = 1

    @classmethod
    def of(cls, version: DocumentVersion, *, final: bool) -> "DocumentParams":
        return cls(
            issued_on=version.issued_on,
            final=final,
            number=version.number if final else None,
            signer_name=version.signer_name,
            signer_position=version.signer_position,
            deadline=version.deadline,
            version=version.version,
        )


@dataclass
class Header:
    """The NĐ 30/2020 header, title, signature and recipients of one document."""

    parent: str
    body: str
    number: str
    date_line: str
    type_title: str
    summary: str
    draft: bool
    kinh_gui: list[str] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    sign_authority: str = ""
    sign_position: str = ""
    sign_name: str = ""


def _valid_on(obj, day: datetime.date) -> bool:
    return (obj.valid_from is None or obj.valid_from <= day) and (obj.valid_to is None or obj.valid_to >= day)


def _as_of(obj, day: datetime.date):
    """The row itself if it was valid on ``day``, else its successor valid then (one query at most)."""
    if obj is None or _valid_on(obj, day):
        return obj
    for successor in obj.successors.order_by("pk"):
        if _valid_on(successor, day):
            return successor
    return obj


def _province(area):
    while area is not None and area.level != Level.PROVINCE:
        area = area.parent
    return area


def _place(plan: Plan, day: datetime.date) -> str:
    """The place name of the date line: the issuer's province as of the document's date ("Kon Tum")."""
    return place_name(_as_of(_province(plan.issuer.area), day))


def _signer(params: DocumentParams, team: list[TeamMember]) -> tuple[str, str, str]:
    head = next((m for m in team if m.role == TeamMember.Role.HEAD), None)
    name = params.signer_name or (head.official.full_name if head else "")
    position = upper_vi(params.signer_position or "Trưởng đoàn")
    authority = "KT. TRƯỞNG ĐOÀN" if position.startswith("PHÓ") else f"TM. {TEAM_BODY}"
    return authority, position, name


def _header(kind: str, plan: Plan, params: DocumentParams, team, *, summary: str, **extra) -> Header:
    issuer = _as_of(plan.issuer, params.issued_on)
    authority, position, name = _signer(params, team)
    titles = {Kind.REPORT: "BÁO CÁO", Kind.MINUTES: "BIÊN BẢN", Kind.CONCLUSION: "THÔNG BÁO", Kind.FOLLOWUP: "BÁO CÁO"}
    return Header(
        parent=upper_vi(issuer.name),
        body=TEAM_BODY,
        number=doc_number(params.number, Document(kind=kind).type_code),
        date_line=date_line(_place(plan, params.issued_on), params.issued_on),
        type_title=titles[kind],
        summary=summary,
        draft=not params.final,
        sign_authority=authority,
        sign_position=position,
        sign_name=name,
        **extra,
    )


def _team(plan: Plan) -> list[TeamMember]:
    members = (
        TeamMember.objects.filter(decision__plan=plan)
        .select_related("official", "home_agency", "decision")
        .order_by("decision__issued_on", "order", "pk")
    )
    return sorted(members, key=lambda m: ROLE_ORDER.get(m.role, 9))


def _visits(plan: Plan, *, visit_id: int | None = None) -> list[Visit]:
    visits = Visit.objects.filter(plan=plan).select_related(
        "agency", "agency__area", "agency__area__parent", "agency__area__parent__parent"
    )
    if visit_id is not None:
        visits = visits.filter(pk=visit_id)
    return list(visits.prefetch_related("units_seen").order_by("planned_start", "agency__name", "pk"))


def _decision_text(plan: Plan, team: list[TeamMember]) -> str:
    decision = team[0].decision if team else plan.decisions.order_by("issued_on", "pk").first()
    if decision is None:
        return ""
    return (
        f"Quyết định số {decision.number} ngày {legal_date(decision.issued_on)} của {plan.issuer.name} "
        f"về việc {lower_first(decision.title)}"
    )


def _plan_text(plan: Plan) -> str:
    issued = legal_date(plan.issued_on)
    return f"Kế hoạch số {plan.number} ngày {issued} của {plan.issuer.name} về {lower_first(plan.title)}"


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


def _visit_dates(visit: Visit) -> str:
    start = visit.actual_start or visit.planned_start
    end = visit.actual_end or visit.planned_end
    return legal_date(start) if start == end or end is None else f"{legal_date(start)} – {legal_date(end)}"


def _grouped(findings, agency_names: dict[int, str], attr: str) -> list[dict]:
    """Distinct texts (in first-seen order) with the agencies concerned."""
    groups: OrderedDict[str, list[str]] = OrderedDict()
    for finding in findings:
        text = getattr(finding, attr).strip()
        if not text:
            continue
        names = groups.setdefault(text, [])
        name = agency_names[finding.visit_id]
        if name not in names:
            names.append(name)
    return [{"text": text, "agencies": names} for text, names in groups.items()]


def _results(visit_filter: dict) -> list[dict]:
    return list(
        ItemResult.objects.filter(**visit_filter)
        .values("visit_id", "item__section__code", "item__section__title", "item__section__order", "result")
        .annotate(n=Count("pk"))
        .order_by("item__section__order", "item__section__code")
    )


def _findings(visit_filter: dict) -> list[Finding]:
    return list(
        Finding.objects.filter(**visit_filter)
        .select_related("item", "item__section")
        .order_by("item__section__order", "item__section__code", "item__order", "pk")
    )


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


def report_context(*, plan: Plan, params: DocumentParams) -> dict:
    """Báo cáo kết quả kiểm tra of a plan (seven queries, whatever the plan's size)."""
    team = _team(plan)
    visits = _visits(plan)
    names = {v.pk: v.agency.full_name() for v in visits}
    rows = {v.pk: AgencyRow(visit=v, name=names[v.pk], dates=_visit_dates(v)) for v in visits}
    sections: OrderedDict[str, dict] = OrderedDict()
    attr = {
        Result.PASS: "passed",
        Result.PARTIAL: "partial",
        Result.FAIL: "failed",
        Result.NOT_APPLICABLE: "not_applicable",
    }
    for r in _results({"visit__plan": plan}):
        code = r["item__section__code"]
        section = sections.setdefault(
            code,
            {"code": code, "title": r["item__section__title"], "counts": defaultdict(int), "short": []},
        )
        if r["result"] in attr and r["visit_id"] in rows:
            setattr(rows[r["visit_id"]], attr[r["result"]], getattr(rows[r["visit_id"]], attr[r["result"]]) + r["n"])
            section["counts"][attr[r["result"]]] += r["n"]
            if r["result"] in (Result.FAIL, Result.PARTIAL) and names[r["visit_id"]] not in section["short"]:
                section["short"].append(names[r["visit_id"]])
    findings = [f for f in _findings({"visit__plan": plan}) if f.visit_id in names]
    strengths = [f for f in findings if f.kind == Finding.Kind.STRENGTH]
    limitations = [f for f in findings if f.kind == Finding.Kind.LIMITATION]
    for f in limitations:
        rows[f.visit_id].limitations += 1
    by_section: OrderedDict[tuple[str, str], list[Finding]] = OrderedDict()
    for f in limitations:
        by_section.setdefault(_section_key(f), []).append(f)
    strengths_by_section: dict[str, list[dict]] = {}
    for key in {_section_key(f) for f in strengths}:
        strengths_by_section[key[0]] = _grouped([f for f in strengths if _section_key(f) == key], names, "description")
    section_list = []
    for code, section in sections.items():
        counts = section["counts"]
        section_list.append(
            {
                "code": code,
                "title": section["title"],
                "passed": counts["passed"],
                "partial": counts["partial"],
                "failed": counts["failed"],
                "not_applicable": counts["not_applicable"],
                "short": section["short"],
                "strengths": strengths_by_section.get(code, []),
            }
        )
    header = _header(
        Kind.REPORT,
        plan,
        params,
        team,
        summary=f"Kết quả {lower_first(plan.title)}",
        kinh_gui=[plan.issuer.name.replace("UBND", "Ủy ban nhân dân", 1)],
        noi_nhan=[
            "Như trên;",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
            "Các cơ quan, đơn vị được kiểm tra;",
            "Thành viên Đoàn kiểm tra;",
            "Lưu: VT, ĐKT.",
        ],
    )
    return {
        "header": header,
        "plan": plan,
        "plan_text": _plan_text(plan),
        "decision_text": _decision_text(plan, team),
        "legal_basis": LEGAL_BASIS,
        "team": [
            {"name": m.official.full_name, "role": m.get_role_display(), "agency": m.home_agency.name} for m in team
        ],
        "period": f"từ ngày {legal_date(plan.period_start)} đến ngày {legal_date(plan.period_end)}",
        "content_areas": plan.content_area_list,
        "agencies": [
            {"name": names[v.pk], "dates": _visit_dates(v), "units_seen": [u.name for u in v.units_seen.all()]}
            for v in visits
        ],
        "sections": section_list,
        "strengths": _grouped(strengths, names, "description"),
        "limitation_groups": [
            {"code": code, "title": title, "items": _grouped(items, names, "description")}
            for (code, title), items in by_section.items()
        ],
        "causes": _grouped(limitations, names, "cause"),
        "recommendations": _grouped(limitations, names, "recommendation"),
        "annex": list(rows.values()),
        "photos": _photos({"visit__plan": plan}, names),
        # Compliance charts (inline SVG, no query: drawn from the counts above).
        "charts": report_charts(section_list, list(rows.values())),
    }


def _visit_parts(visit: Visit) -> tuple[Plan, list[TeamMember], Visit, str]:
    plan = Plan.objects.select_related("issuer", "issuer__area", "issuer__area__parent").get(pk=visit.plan_id)
    team = _team(plan)
    visit = _visits(plan, visit_id=visit.pk)[0]
    return plan, team, visit, visit.agency.full_name()


def _visit_sections(visit: Visit) -> list[dict]:
    sections: OrderedDict[str, dict] = OrderedDict()
    attr = {
        Result.PASS: "passed",
        Result.PARTIAL: "partial",
        Result.FAIL: "failed",
        Result.NOT_APPLICABLE: "not_applicable",
    }
    for r in _results({"visit": visit}):
        code = r["item__section__code"]
        row = sections.setdefault(
            code,
            {
                "code": code,
                "title": r["item__section__title"],
                "passed": 0,
                "partial": 0,
                "failed": 0,
                "not_applicable": 0,
            },
        )
        if r["result"] in attr:
            row[attr[r["result"]]] += r["n"]
    return list(sections.values())


def minutes_context(*, visit: Visit, params: DocumentParams) -> dict:
    """Biên bản kiểm tra of a visit (NĐ 30/2020 Mẫu 1.9 shape, signed by both sides)."""
    plan, team, visit, agency_name = _visit_parts(visit)
    minutes = VisitMinutes.objects.filter(visit=visit).first() or VisitMinutes(visit=visit)
    findings = _findings({"visit": visit})
    names = {visit.pk: agency_name}
    header = _header(
        Kind.MINUTES, plan, params, team, summary=f"Kiểm tra công tác kiểm soát thủ tục hành chính tại {agency_name}"
    )
    start = minutes.started_at and minutes.started_at.astimezone(_tz())
    end = minutes.ended_at and minutes.ended_at.astimezone(_tz())
    return {
        "header": header,
        "plan": plan,
        "plan_text": _plan_text(plan),
        "decision_text": _decision_text(plan, team),
        "visit": visit,
        "agency_name": agency_name,
        "minutes": minutes,
        "started": start and f"{start:%H} giờ {start:%M}, {date_words(start.date())}",
        "ended": end and f"{end:%H} giờ {end:%M} cùng ngày",
        "team": [
            {"name": m.official.full_name, "role": m.get_role_display(), "agency": m.home_agency.name} for m in team
        ],
        "units_seen": [u.name for u in visit.units_seen.all()],
        "sections": _visit_sections(visit),
        "strengths": _grouped([f for f in findings if f.kind == Finding.Kind.STRENGTH], names, "description"),
        "limitations": _grouped([f for f in findings if f.kind == Finding.Kind.LIMITATION], names, "description"),
        "agency_signer": {
            "title": f"ĐẠI DIỆN {upper_vi(visit.agency.name)}",
            "position": upper_vi(minutes.agency_signer_position),
            "name": minutes.agency_signer_name,
        },
        "secretary": minutes.secretary,
        "chair": minutes.chair,
    }


def _tz():
    from django.utils import timezone

    return timezone.get_default_timezone()


def conclusion_context(visit: Visit, issued_on: datetime.date, deadline: datetime.date, *, params=None) -> dict:
    """Thông báo kết luận kiểm tra for one agency: its limitations and the remediation demanded.

    Each limitation gets ``deadline`` today; issue 5 (remediation actions) will feed a
    deadline per action through ``remediation`` without changing the template.
    """
    params = params or DocumentParams(issued_on=issued_on, deadline=deadline)
    plan, team, visit, agency_name = _visit_parts(visit)
    findings = _findings({"visit": visit})
    names = {visit.pk: agency_name}
    limitations = [f for f in findings if f.kind == Finding.Kind.LIMITATION]
    header = _header(
        Kind.CONCLUSION,
        plan,
        params,
        team,
        summary=f"Kết luận kiểm tra công tác kiểm soát thủ tục hành chính tại {agency_name}",
        kinh_gui=[agency_name],
        noi_nhan=["Như trên;", f"{plan.issuer.name} (b/c);", "Thành viên Đoàn kiểm tra;", "Lưu: VT, ĐKT."],
    )
    return {
        "header": header,
        "plan": plan,
        "plan_text": _plan_text(plan),
        "decision_text": _decision_text(plan, team),
        "visit": visit,
        "agency_name": agency_name,
        "visit_dates": _visit_dates(visit),
        "strengths": _grouped([f for f in findings if f.kind == Finding.Kind.STRENGTH], names, "description"),
        "remediation": _remediation_rows(visit, limitations, deadline),
        "deadline": short_date(deadline),
    }


def _remediation_rows(visit: Visit, limitations: list[Finding], deadline: datetime.date) -> list[dict]:
    """One row per limitation: once the conclusion is issued, the action's own measure and deadline."""
    from findings.models import RemediationAction

    actions = {a.finding_id: a for a in RemediationAction.objects.filter(visit=visit, finding__isnull=False)}
    rows = []
    for finding in limitations:
        action = actions.get(finding.pk)
        rows.append(
            {
                "limitation": finding.description,
                "cause": finding.cause,
                "action": action.measure
                if action
                else finding.recommendation or "Khắc phục dứt điểm tồn tại, hạn chế nêu trên.",
                "deadline": short_date(action.deadline if action else deadline),
            }
        )
    return rows


def document_context(*, document: Document, params: DocumentParams) -> dict:
    """The context of any document kind (the one entry point the renderers use)."""
    if document.kind == Kind.REPORT:
        return report_context(plan=document.plan, params=params)
    if document.kind == Kind.MINUTES:
        return minutes_context(visit=document.visit, params=params)
    if document.kind == Kind.FOLLOWUP:
        from reports.followup import followup_context

        return followup_context(plan=document.plan, params=params)
    deadline = params.deadline or params.issued_on
    return conclusion_context(document.visit, params.issued_on, deadline, params=params)


# --- Panels on the plan and visit pages ---------------------------------------------------


def _documents_panel(documents, user) -> list[Document]:
    jobs = RenderJob.objects.visible_to(user).order_by("-created_at", "-pk")
    versions = (
        DocumentVersion.objects.visible_to(user)
        .order_by("-version")
        .prefetch_related(Prefetch("jobs", queryset=jobs, to_attr="job_list"))
    )
    documents = documents.prefetch_related(Prefetch("versions", queryset=versions, to_attr="version_list"))
    return list(documents.order_by("kind", "pk"))


def plan_documents(*, plan: Plan, user) -> dict:
    """The plan's report and follow-up report with their versions and latest jobs (three queries)."""
    docs = {
        d.kind: d
        for d in _documents_panel(
            Document.objects.visible_to(user).filter(plan=plan, kind__in=[Kind.REPORT, Kind.FOLLOWUP]), user
        )
    }
    return {"report": docs.get(Kind.REPORT), "followup": docs.get(Kind.FOLLOWUP)}


def visit_documents(*, visit: Visit, user) -> dict:
    """The visit's Biên bản and Thông báo with their versions and latest jobs (three queries)."""
    docs = {d.kind: d for d in _documents_panel(Document.objects.visible_to(user).filter(visit=visit), user)}
    return {"minutes": docs.get(Kind.MINUTES), "conclusion": docs.get(Kind.CONCLUSION)}
