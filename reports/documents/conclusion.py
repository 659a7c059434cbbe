"""Thông báo kết luận kiểm tra for one agency: its strengths, its limitations and the remediation demanded."""

import datetime

from findings.models import Finding, RemediationAction
from inspections.models import Visit
from reports.documents.common import (
    DocumentParams,
    decision_text,
    document_header,
    findings_of,
    grouped_texts,
    legal_bases,
    plan_text,
    visit_dates,
    visit_parts,
)
from reports.documents.narrative import DEMAND, NO_DEMAND, narrative_blocks, narrative_draft
from reports.formatting import short_date
from reports.models import Kind

DEFAULT_MEASURE = "Khắc phục dứt điểm tồn tại, hạn chế nêu trên."


def _remediation_rows(visit: Visit, limitations: list[Finding], deadline: datetime.date) -> list[dict]:
    """One row per limitation: once the conclusion is issued, the action's own measure and deadline."""
    actions = {a.finding_id: a for a in RemediationAction.objects.filter(visit=visit, finding__isnull=False)}
    rows = []
    for finding in limitations:
        action = actions.get(finding.pk)
        rows.append(
            {
                "limitation": finding.description,
                "cause": finding.cause,
                "action": action.measure if action else finding.recommendation or DEFAULT_MEASURE,
                "deadline": short_date(action.deadline if action else deadline),
            }
        )
    return rows


def conclusion_context(visit: Visit, issued_on: datetime.date, deadline: datetime.date, *, params=None) -> dict:
    """The conclusion of one visit; a limitation without an action yet gets the visit's one deadline.

    ``Visit.remediation_deadline`` is the deadline the Thông báo prints and the actions track
    (findings.remediation.services.conclusion_issue); ``deadline`` only stands in while it is unset.
    """
    params = params or DocumentParams(issued_on=issued_on, deadline=deadline)
    plan, team, visit, agency_name = visit_parts(visit)
    deadline = visit.remediation_deadline or deadline
    findings = findings_of({"visit": visit})
    names = {visit.pk: agency_name}
    limitations = [f for f in findings if f.kind == Finding.Kind.LIMITATION]
    header = document_header(
        Kind.CONCLUSION,
        plan,
        params,
        team,
        summary=f"Kết luận kiểm tra công tác kiểm soát thủ tục hành chính tại {agency_name}",
        kinh_gui=[agency_name],
        noi_nhan=["Như trên;", f"{plan.issuer.name} (b/c);", "Thành viên Đoàn kiểm tra;", "Lưu: VT, ĐKT."],
    )
    context = {
        "header": header,
        "plan": plan,
        "plan_text": plan_text(plan),
        "legal_basis": legal_bases(plan, team),
        "decision_text": decision_text(plan, team),
        "visit": visit,
        "agency_name": agency_name,
        "visit_dates": visit_dates(visit),
        "strengths": grouped_texts([f for f in findings if f.kind == Finding.Kind.STRENGTH], names, "description"),
        "remediation": _remediation_rows(visit, limitations, deadline),
        "deadline": short_date(deadline),
        "demand": (DEMAND if limitations else NO_DEMAND).format(agency=agency_name, deadline=short_date(deadline)),
        "narrative": narrative_blocks(params.narrative),
    }
    context["narrative_text"] = {**narrative_draft(Kind.CONCLUSION, context), **params.narrative}
    return context
