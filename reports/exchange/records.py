"""Rows ↔ JSON records for the plan package: the sections, their order and the fields each carries.

A record is ``{"ref": "<section>-<n>", <field>: value, …}``: every concrete field of the model
except the database id and the ``EXCLUDED`` ones (values derived by ``save``, storage keys,
thumbnails), foreign keys as the ``ref`` of the target record (or null when the target is not in
the package, e.g. an earlier finding of another plan), many-to-many fields as lists of refs, files
as their path inside the package. Refs count rows in the order they are written (sections in
``SECTIONS`` order, rows in the section's order), so the same plan always gives the same JSON,
in any installation: no database id, no storage name leaves the server.
"""

import datetime
import decimal
import uuid

from django.contrib.auth.models import User
from django.db import models

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from findings.models import Evidence, Explanation, Finding, ItemResult, RemediationAction, VisitMinutes
from findings.models.remediation import DeadlineExtension
from inspections.models import Decision, Plan, TeamMember, Visit
from reports.models import Document, DocumentVersion
from units.models import AdminArea, Agency, Official

# (section, model): reference data first (matched on import), then the plan and what hangs from it.
SECTIONS = [
    ("users", User),
    ("areas", AdminArea),
    ("agencies", Agency),
    ("officials", Official),
    ("checklists", ChecklistTemplate),
    ("checklist_sections", ChecklistSection),
    ("checklist_items", ChecklistItem),
    ("plans", Plan),
    ("decisions", Decision),
    ("team_members", TeamMember),
    ("visits", Visit),
    ("evidence", Evidence),
    ("item_results", ItemResult),
    ("findings", Finding),
    ("explanations", Explanation),
    ("minutes", VisitMinutes),
    ("actions", RemediationAction),
    ("extensions", DeadlineExtension),
    ("documents", Document),
    ("versions", DocumentVersion),
]
SECTION_OF = {model: name for name, model in SECTIONS}
USER_FIELDS = ("username", "first_name", "last_name")
EXCLUDED = {
    User: None,  # only USER_FIELDS: never a password hash, a permission or a login time
    AdminArea: {"successors"},
    Agency: {"search_name", "successors"},
    Plan: {"search_text"},
    Evidence: {"storage_key", "print_image", "thumbnail"},
}


def json_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def fields_of(model) -> list:
    """The concrete fields a record carries (not the id)."""
    if model is User:
        return [model._meta.get_field(name) for name in USER_FIELDS]
    excluded = EXCLUDED.get(model) or set()
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in excluded]


def m2m_of(model) -> list:
    if model is User:
        return []
    excluded = EXCLUDED.get(model) or set()
    return [f for f in model._meta.many_to_many if f.name not in excluded]


class Refs:
    """{(model, pk): ref} in the order rows were registered."""

    def __init__(self):
        self._refs: dict[tuple, str] = {}
        self._counts: dict[str, int] = {}

    def add(self, obj) -> str:
        key = (type(obj), obj.pk)
        if key not in self._refs:
            section = SECTION_OF[type(obj)]
            self._counts[section] = self._counts.get(section, 0) + 1
            self._refs[key] = f"{section}-{self._counts[section]}"
        return self._refs[key]

    def get(self, model, pk) -> str | None:
        return self._refs.get((model, pk))


def record(obj, refs: Refs, files: dict[str, str], m2m: dict[str, list[int]]) -> dict:
    """One row as a record; ``files``: {field name: path in the package}; ``m2m``: {field: target pks}."""
    out = {"ref": refs.add(obj)}
    for f in fields_of(type(obj)):
        value = getattr(obj, f.attname)
        if f.is_relation:
            out[f.name] = None if value is None else refs.get(f.related_model, value)
        elif isinstance(f, models.FileField):
            out[f.name] = files.get(f.name, "")
        else:
            out[f.name] = json_value(value)
    for f in m2m_of(type(obj)):
        targets = [refs.get(f.related_model, pk) for pk in m2m.get(f.name, [])]
        out[f.name] = sorted((t for t in targets if t), key=ref_order)
    return out


def ref_order(ref: str) -> tuple[str, int]:
    section, _sep, number = ref.rpartition("-")
    return section, int(number) if number.isdigit() else 0


def python_value(field, value):
    """A record's JSON value back as the field's Python value (relations and files are the caller's)."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(value)
    return value
