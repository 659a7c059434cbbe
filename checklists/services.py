"""Writes on checklist templates: the shipped default editions, imports, new versions, a plan's own copy.

The shipped editions are the YAML files in ``editions/``, each with the first plan date it applies to
(``valid_from``): ``kstthc.yaml`` (NĐ 63/2010, NĐ 61/2018, TT 01/2018: the three-tier structure) and
``kstthc-2025.yaml`` (NĐ 118/2025 and the two-tier structure, plans from 01/07/2025). A plan's local
items (e.g. Kon Tum's QĐ 26/QĐ-UBND) go into that plan's own copy (``checklist_with_local``), never
into a national edition.
"""

import datetime
import functools
from pathlib import Path

from django.db import transaction

from checklists.formats import (
    TemplateSpec,
    checklist_import,
    checklist_parse,
    checklist_sections_create,
    checklist_template_spec,
)
from checklists.models import ChecklistTemplate

EDITIONS = Path(__file__).parent / "editions"
DEFAULT_CHECKLIST = EDITIONS / "kstthc.yaml"
DEFAULT_CHECKLIST_CODE = "kstthc"


@functools.cache
def edition_files() -> dict[str, Path]:
    """The shipped editions by code, in the order of their ``valid_from`` (parsed once per process)."""
    specs = [(checklist_parse(path.read_text(encoding="utf-8")), path) for path in sorted(EDITIONS.glob("*.yaml"))]
    specs.sort(key=lambda pair: pair[0].valid_from or datetime.date.min)
    return {spec.code: path for spec, path in specs}


def _edition(code: str, path: Path) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(code=code).order_by("-version").first()
    return template or checklist_import(path.read_text(encoding="utf-8"))


def checklist_editions() -> list[ChecklistTemplate]:
    """The newest version of every shipped edition (imported on first use), oldest first."""
    return [_edition(code, path) for code, path in edition_files().items()]


def checklist_default(*, on: datetime.date | None = None) -> ChecklistTemplate:
    """The shipped edition valid for a plan dated ``on`` (without a date: the first, 2020 edition)."""
    editions = checklist_editions()
    if on is None:
        return editions[0]
    valid = [e for e in editions if e.valid_from is None or e.valid_from <= on]
    return valid[-1] if valid else editions[0]


def _copy(template: ChecklistTemplate, *, code: str, version: int, spec: TemplateSpec) -> ChecklistTemplate:
    new = ChecklistTemplate.objects.create(
        code=code,
        version=version,
        title=template.title,
        description=template.description,
        valid_from=template.valid_from if code == template.code else None,
        legal_bases=template.legal_bases,
    )
    checklist_sections_create(new, spec)
    return new


@transaction.atomic
def checklist_revise(*, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy a (frozen) template into a new editable version; plans and visits keep the old one."""
    latest = ChecklistTemplate.objects.filter(code=template.code).order_by("-version").first()
    return _copy(template, code=template.code, version=latest.version + 1, spec=checklist_template_spec(template))


@transaction.atomic
def checklist_with_local(*, template: ChecklistTemplate, code: str, local_yaml: str) -> ChecklistTemplate:
    """A plan's own checklist: ``template``'s sections, then the local sections of ``local_yaml``.

    The local file has the usual format (docs/checklist-format.md); its sections are appended after
    the edition's, and its ``legal_bases`` after the edition's. Returns the existing copy if ``code``
    is already there (safe to rerun).
    """
    existing = ChecklistTemplate.objects.filter(code=code).order_by("-version").first()
    if existing is not None:
        return existing
    local = checklist_parse(local_yaml)
    spec = checklist_template_spec(template)
    spec.sections += [s for s in local.sections if s.code not in {x.code for x in spec.sections}]
    new = _copy(template, code=code, version=1, spec=spec)
    new.title = local.title
    new.description = local.description or template.description
    new.legal_bases = "\n".join([*template.legal_basis_list, *local.legal_bases])
    new.save(update_fields=["title", "description", "legal_bases"])
    return new
