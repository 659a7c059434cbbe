"""Checklists, results, findings and evidence: what the team records at a visit."""

from findings.models.checklist import ChecklistItem, ChecklistSection, ChecklistTemplate
from findings.models.evidence import Evidence
from findings.models.results import Explanation, Finding, ItemResult, VisitMinutes

__all__ = [
    "ChecklistItem",
    "ChecklistSection",
    "ChecklistTemplate",
    "Evidence",
    "Explanation",
    "Finding",
    "ItemResult",
    "VisitMinutes",
]
