"""Báo cáo kết quả khắc phục of a plan: per agency, each remediation action with its status and dates."""

from findings.models import RemediationAction
from inspections.models import Plan
from reports.documents.common import (
    DocumentParams,
    as_of,
    decision_text,
    document_header,
    plan_text,
    plan_visits,
    team_members,
)
from reports.formatting import short_date
from reports.models import Kind


def followup_context(*, plan: Plan, params: DocumentParams) -> dict:
    """Every action of the plan's visits as of the document's date (four queries), agencies named as then."""
    team = team_members(plan)
    visits = plan_visits(plan)
    names = {v.pk: as_of(v.agency, params.issued_on).full_name() for v in visits}
    actions = list(
        RemediationAction.objects.filter(visit__plan=plan)
        .select_related("finding__item")
        .order_by("visit__planned_start", "visit_id", "deadline", "pk")
    )
    today = params.issued_on
    by_visit: dict[int, list[dict]] = {}
    for action in actions:
        by_visit.setdefault(action.visit_id, []).append(
            {
                "description": action.description,
                "measure": action.measure,
                "deadline": short_date(action.deadline),
                "status": action.get_status_display(),
                "reported": short_date(action.reported_at.date()) if action.reported_at else "",
                "verified": short_date(action.reviewed_at.date())
                if action.reviewed_at and action.status == RemediationAction.Status.VERIFIED
                else "",
                "overdue": action.is_overdue(today),
                "report_text": action.report_text,
            }
        )
    agencies = [{"name": names[v.pk], "actions": by_visit.get(v.pk, [])} for v in visits]
    counts = {
        "total": len(actions),
        "verified": sum(a.status == RemediationAction.Status.VERIFIED for a in actions),
        "reported": sum(a.status == RemediationAction.Status.REPORTED for a in actions),
        "open": sum(a.status in RemediationAction.AGENCY_STATES for a in actions),
        "overdue": sum(a.is_overdue(today) for a in actions),
    }
    header = document_header(
        Kind.FOLLOWUP,
        plan,
        params,
        team,
        summary="Kết quả khắc phục tồn tại, hạn chế sau kiểm tra công tác kiểm soát thủ tục hành chính "
        f"năm {plan.year}",
        kinh_gui=[f"{plan.issuer.name}"],
        noi_nhan=[f"{plan.issuer.name} (b/c);", "Các cơ quan, đơn vị được kiểm tra;", "Lưu: VT, ĐKT."],
    )
    return {
        "header": header,
        "plan": plan,
        "plan_text": plan_text(plan),
        "decision_text": decision_text(plan, team),
        "agencies": agencies,
        "counts": counts,
        "as_of": short_date(today),
    }
