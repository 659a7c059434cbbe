"""Results, findings and evidence: what the team records at a visit (checklists live in ``checklists``)."""

from findings.models.evidence import Evidence
from findings.models.remediation import DeadlineExtension, RemediationAction, ReminderSent
from findings.models.results import Explanation, Finding, ItemResult, VisitMinutes
from findings.models.tallies import ResultTally, VisitTally

__all__ = [
    "DeadlineExtension",
    "Evidence",
    "Explanation",
    "Finding",
    "ItemResult",
    "RemediationAction",
    "ReminderSent",
    "ResultTally",
    "VisitMinutes",
    "VisitTally",
]
