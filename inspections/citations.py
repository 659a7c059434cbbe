"""How the documents cite a plan, its decision and its legal bases (căn cứ), as of the plan's data.

The legal bases belong to the plan (``Plan.legal_bases``, one per line, editable on the plan form).
Left empty, they are drafted from the plan's checklist edition (``ChecklistTemplate.legal_bases``),
followed by the plan and the decision forming the team. No template names a decree.
"""

import datetime

from checklists.services import checklist_default


def legal_date(day: datetime.date) -> str:
    """``04/6/2020``: how a date is cited inside running text (month without a leading zero, except 01–02)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def plan_citation(plan) -> str:
    """ "Kế hoạch số … ngày … của … về …": the plan the documents cite."""
    issued = legal_date(plan.issued_on)
    return f"Kế hoạch số {plan.number} ngày {issued} của {plan.issuer.name} về {lower_first(plan.title)}"


def decision_citation(plan, decision) -> str:
    """ "Quyết định số … ngày … của … về việc …": the decision that formed the team ("" without one)."""
    if decision is None:
        return ""
    return (
        f"Quyết định số {decision.number} ngày {legal_date(decision.issued_on)} của {plan.issuer.name} "
        f"về việc {lower_first(decision.title)}"
    )


def plan_edition(plan):
    """The checklist the plan's visits start from: its own, else the edition valid on its date."""
    return plan.checklist if plan.checklist_id else checklist_default(on=plan.issued_on)


def legal_bases_draft(plan, decision) -> list[str]:
    """The drafted list: the edition's legal texts, then the plan, then the decision."""
    lines = [*plan_edition(plan).legal_basis_list, plan_citation(plan)]
    decision_line = decision_citation(plan, decision)
    return [*lines, decision_line] if decision_line else lines


def plan_legal_bases(plan, decision) -> list[str]:
    """What the Báo cáo and the Thông báo print: the plan's own list, or the draft while it has none."""
    return plan.legal_basis_list or legal_bases_draft(plan, decision)
