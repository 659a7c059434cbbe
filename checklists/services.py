"""Writes on checklist templates: the shipped default edition, imports, new versions."""

from pathlib import Path

from django.db import transaction

from checklists.formats import checklist_import, checklist_sections_create, checklist_template_spec
from checklists.models import ChecklistTemplate

EDITIONS = Path(__file__).parent / "editions"
DEFAULT_CHECKLIST = EDITIONS / "kstthc.yaml"
DEFAULT_CHECKLIST_CODE = "kstthc"


def checklist_default() -> ChecklistTemplate:
    """The newest version of the shipped template, imported on first use."""
    template = ChecklistTemplate.objects.filter(code=DEFAULT_CHECKLIST_CODE).order_by("-version").first()
    if template is None:
        template = checklist_import(DEFAULT_CHECKLIST.read_text(encoding="utf-8"))
    return template


@transaction.atomic
def checklist_revise(*, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy a (frozen) template into a new editable version; plans and visits keep the old one."""
    latest = ChecklistTemplate.objects.filter(code=template.code).order_by("-version").first()
    new = ChecklistTemplate.objects.create(
        code=template.code, version=latest.version + 1, title=template.title, description=template.description
    )
    checklist_sections_create(new, checklist_template_spec(template))
    return new
