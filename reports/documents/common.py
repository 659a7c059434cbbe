"""What every document shares: its parameters, the NĐ 30/2020 header and signature, and the reads they need.

Each function runs a fixed number of queries; the document modules (report, minutes,
conclusion, followup) build their contexts from these.
"""

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count

from findings.models import Finding, ItemResult
from findings.models.results import Result
from inspections.citations import decision_citation, plan_citation, plan_legal_bases
from inspections.models import Plan, TeamMember, Visit
from reports.formatting import date_line, doc_number, legal_date, place_name, upper_vi
from reports.models import Document, DocumentVersion, Kind
from units.models import Level

TEAM_BODY = "ĐOÀN KIỂM TRA"
TITLES = {Kind.REPORT: "BÁO CÁO", Kind.MINUTES: "BIÊN BẢN", Kind.CONCLUSION: "THÔNG BÁO", Kind.FOLLOWUP: "BÁO CÁO"}
ROLE_ORDER = {
    TeamMember.Role.HEAD: 0,
    TeamMember.Role.DEPUTY: 1,
    TeamMember.Role.MEMBER: 2,
    TeamMember.Role.SECRETARY: 3,
}
# The count each result adds to, in the rows and sections the documents print.
RESULT_COUNTS = {
    Result.PASS: "passed",
    Result.PARTIAL: "partial",
    Result.FAIL: "failed",
    Result.NOT_APPLICABLE: "not_applicable",
}


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
    # A final version's issue time (XMP creation time) and verification code (footer of page 1).
    created: datetime.datetime | None = None
    verification_code: str = ""
    narrative: dict = field(default_factory=dict)  # the parts a preparer edited (reports.documents.narrative)

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
            created=version.finalized_at if final else None,
            verification_code=(version.verification_code or "") if final else "",
            narrative=dict(version.narrative or {}),
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


def as_of(obj, day: datetime.date):
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
    return place_name(as_of(_province(plan.issuer.area), day))


def _signer(params: DocumentParams, team: list[TeamMember]) -> tuple[str, str, str]:
    head = next((m for m in team if m.role == TeamMember.Role.HEAD), None)
    name = params.signer_name or (head.official.full_name if head else "")
    position = upper_vi(params.signer_position or "Trưởng đoàn")
    authority = "KT. TRƯỞNG ĐOÀN" if position.startswith("PHÓ") else f"TM. {TEAM_BODY}"
    return authority, position, name


def document_header(kind: str, plan: Plan, params: DocumentParams, team, *, summary: str, **extra) -> Header:
    """The header and signature block of a document of ``kind``, as of its date (issuer renamed since: as then)."""
    issuer = as_of(plan.issuer, params.issued_on)
    authority, position, name = _signer(params, team)
    return Header(
        parent=upper_vi(issuer.name),
        body=TEAM_BODY,
        number=doc_number(params.number, Document(kind=kind).type_code),
        date_line=date_line(_place(plan, params.issued_on), params.issued_on),
        type_title=TITLES[kind],
        summary=summary,
        draft=not params.final,
        sign_authority=authority,
        sign_position=position,
        sign_name=name,
        **extra,
    )


def team_members(plan: Plan) -> list[TeamMember]:
    """The plan's team, head first, then deputies, members and the secretary (one query)."""
    members = (
        TeamMember.objects.filter(decision__plan=plan)
        .select_related("official", "home_agency", "decision")
        .order_by("decision__issued_on", "order", "pk")
    )
    return sorted(members, key=lambda m: ROLE_ORDER.get(m.role, 9))


def team_rows(team: list[TeamMember]) -> list[dict]:
    """The team as the documents list it: name, role, home agency."""
    return [{"name": m.official.full_name, "role": m.get_role_display(), "agency": m.home_agency.name} for m in team]


def plan_visits(plan: Plan, *, visit_id: int | None = None) -> list[Visit]:
    """The plan's visits in schedule order, with their agency's areas and the units seen (two queries)."""
    visits = Visit.objects.filter(plan=plan).select_related(
        "agency", "agency__area", "agency__area__parent", "agency__area__parent__parent"
    )
    if visit_id is not None:
        visits = visits.filter(pk=visit_id)
    return list(visits.prefetch_related("units_seen").order_by("planned_start", "agency__name", "pk"))


def visit_parts(visit: Visit) -> tuple[Plan, list[TeamMember], Visit, str]:
    """A per-visit document's plan, team, the visit re-read with its agency, and the agency's full name."""
    plan = Plan.objects.select_related("issuer", "issuer__area", "issuer__area__parent", "checklist").get(
        pk=visit.plan_id
    )
    team = team_members(plan)
    visit = plan_visits(plan, visit_id=visit.pk)[0]
    return plan, team, visit, visit.agency.full_name()


def team_decision(plan: Plan, team: list[TeamMember]):
    """The decision that formed the team (from the roster already read, else one query)."""
    return team[0].decision if team else plan.decisions.order_by("issued_on", "pk").first()


def decision_text(plan: Plan, team: list[TeamMember]) -> str:
    """ "Quyết định số … ngày … của … về việc …": the decision that formed the team."""
    return decision_citation(plan, team_decision(plan, team))


def plan_text(plan: Plan) -> str:
    """ "Kế hoạch số … ngày … của … về …": the plan the documents cite."""
    return plan_citation(plan)


def legal_bases(plan: Plan, team: list[TeamMember]) -> list[str]:
    """The plan's căn cứ as the Báo cáo and the Thông báo print them (inspections.citations)."""
    return plan_legal_bases(plan, team_decision(plan, team))


def visit_dates(visit: Visit) -> str:
    start = visit.actual_start or visit.planned_start
    end = visit.actual_end or visit.planned_end
    return legal_date(start) if start == end or end is None else f"{legal_date(start)} – {legal_date(end)}"


def grouped_texts(findings, agency_names: dict[int, str], attr: str) -> list[dict]:
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


def result_counts(visit_filter: dict) -> list[dict]:
    """Item results counted per visit, section and result (one query), in section order."""
    return list(
        ItemResult.objects.filter(**visit_filter)
        .values("visit_id", "item__section__code", "item__section__title", "item__section__order", "result")
        .annotate(n=Count("pk"))
        .order_by("item__section__order", "item__section__code")
    )


def findings_of(visit_filter: dict) -> list[Finding]:
    """The findings in checklist order, with their item and section (one query)."""
    return list(
        Finding.objects.filter(**visit_filter)
        .select_related("item", "item__section")
        .order_by("item__section__order", "item__section__code", "item__order", "pk")
    )
