"""The whole-plan package ("Tải hồ sơ kế hoạch"): what goes in, under which path (docs/data-exchange.md).

    manifest.json, SHA256SUMS      every other file with its SHA-256 and size (tthc_inspect.archive)
    data/plan.json                 the plan and everything hanging from it, as records (records.py)
    data/plan.xlsx                 the same results and findings for people (reports.spreadsheet)
    plan/ke-hoach-ban-ky.pdf       the plan's signed scan, when there is one
    documents/<document>-v<n>.pdf  every final document version's frozen PDF
    documents/signed/…             signed copies, when the installation has them (reserved)
    evidence/<visit>/<evidence>.<ext>  every evidence original, byte for byte

``package_files`` yields (path, bytes) in a fixed order; the same plan gives the same files and
hashes in any installation (refs, not ids; the XLSX with a fixed time), which is what the
round trip (export → import elsewhere → export) checks.
"""

import json
from collections.abc import Callable, Iterator

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.translation import gettext as _

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from findings.models import Evidence, Explanation, Finding, ItemResult, RemediationAction, VisitMinutes
from findings.models.remediation import DeadlineExtension
from inspections.models import Plan, TeamMember, Visit
from reports.exchange.records import SECTIONS, Refs, fields_of, m2m_of, record
from reports.job_rows import JobRefused
from reports.models import Document, DocumentVersion
from units.models import AdminArea, Agency, Official

FORMAT = "tthc-inspect/plan"
FORMAT_VERSION = 1
DATA_JSON = "data/plan.json"
DATA_XLSX = "data/plan.xlsx"
SCAN_PATH = "plan/ke-hoach-ban-ky.pdf"


class ExportError(JobRefused):
    """The package cannot be made (a stored file is missing); the message is Vietnamese."""


def _by_pk(queryset) -> list:
    return list(queryset.order_by("pk"))


def _m2m_pairs(field, owners: list) -> dict[int, list[int]]:
    """{owner pk: target pks} of a many-to-many field, one query."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    pairs: dict[int, list[int]] = {}
    rows = through.objects.filter(**{f"{source}_id__in": [o.pk for o in owners]}).order_by(f"{target}_id")
    for owner_id, target_id in rows.values_list(f"{source}_id", f"{target}_id"):
        pairs.setdefault(owner_id, []).append(target_id)
    return pairs


def _plan_rows(plan: Plan) -> dict[str, list]:
    visits = Q(visit__plan=plan)
    return {
        "plans": [plan],
        "decisions": _by_pk(plan.decisions.all()),
        "team_members": _by_pk(TeamMember.objects.filter(decision__plan=plan)),
        "visits": _by_pk(Visit.objects.filter(plan=plan)),
        "evidence": _by_pk(Evidence.objects.filter(visits)),
        "item_results": _by_pk(ItemResult.objects.filter(visits)),
        "findings": _by_pk(Finding.objects.filter(visits)),
        "explanations": _by_pk(Explanation.objects.filter(finding__visit__plan=plan)),
        "minutes": _by_pk(VisitMinutes.objects.filter(visits)),
        "actions": _by_pk(RemediationAction.objects.filter(visits)),
        "extensions": _by_pk(DeadlineExtension.objects.filter(action__visit__plan=plan)),
        "documents": _by_pk(Document.objects.filter(plan=plan)),
        "versions": _by_pk(DocumentVersion.objects.filter(document__plan=plan)),
    }


def _targets(rows: dict[str, list], m2m: dict, model) -> set[int]:
    """Ids of ``model`` rows that the collected rows point to (foreign keys and many-to-many)."""
    found = set()
    for objects in rows.values():
        for obj in objects:
            found |= {getattr(obj, f.attname) for f in fields_of(type(obj)) if f.related_model is model}
            for f in m2m_of(type(obj)):
                if f.related_model is model:
                    found |= set(m2m.get((type(obj), f.name), {}).get(obj.pk, []))
    found.discard(None)
    return found


def _with_ancestors(model, ids: set[int]) -> list:
    """The rows and their parents, parents first ((depth, pk) order: the same after an import)."""
    rows = {o.pk: o for o in model.objects.filter(pk__in=ids)}
    while missing := {o.parent_id for o in rows.values() if o.parent_id and o.parent_id not in rows}:
        rows |= {o.pk: o for o in model.objects.filter(pk__in=missing)}

    def depth(obj) -> int:
        return 0 if obj.parent_id is None else 1 + depth(rows[obj.parent_id])

    return sorted(rows.values(), key=lambda o: (depth(o), o.pk))


def _reference_rows(rows: dict, m2m: dict) -> dict[str, list]:
    from django.contrib.auth.models import User

    officials = _by_pk(Official.objects.filter(pk__in=_targets(rows, m2m, Official)))
    agencies = _with_ancestors(
        Agency, _targets(rows, m2m, Agency) | {o.agency_id for o in officials} | {rows["plans"][0].issuer_id}
    )
    areas = _with_ancestors(AdminArea, {a.area_id for a in agencies if a.area_id})
    items = ChecklistItem.objects.filter(pk__in=_targets(rows, m2m, ChecklistItem)).values("section__template_id")
    templates = _by_pk(
        ChecklistTemplate.objects.filter(Q(pk__in=_targets(rows, m2m, ChecklistTemplate)) | Q(pk__in=items))
    )
    sections = list(ChecklistSection.objects.filter(template__in=templates).order_by("template_id", "order", "pk"))
    users = {o.user_id for o in officials if o.user_id} | _targets(rows, m2m, User)
    return {
        "users": _by_pk(User.objects.filter(pk__in=users)),
        "areas": areas,
        "agencies": agencies,
        "officials": officials,
        "checklists": templates,
        "checklist_sections": sections,
        "checklist_items": list(
            ChecklistItem.objects.filter(section__in=sections).order_by(
                "section__template_id", "section__order", "section_id", "order", "pk"
            )
        ),
    }


def collect(plan: Plan) -> tuple[dict[str, list], dict]:
    """Every row of the package by section, and the many-to-many pairs by (model, field)."""
    rows = _plan_rows(plan)
    m2m = {}
    for objects in rows.values():
        if objects:
            for f in m2m_of(type(objects[0])):
                m2m[(type(objects[0]), f.name)] = _m2m_pairs(f, objects)
    rows = {**_reference_rows(rows, m2m), **rows}
    return {name: rows[name] for name, _model in SECTIONS}, m2m


def _file_paths(rows: dict, refs: Refs) -> dict[tuple, dict[str, str]]:
    """{(model, pk): {field: path in the package}} of every stored file that goes in."""
    paths = {}
    plan = rows["plans"][0]
    if plan.signed_scan:
        paths[(Plan, plan.pk)] = {"signed_scan": SCAN_PATH}
    for evidence in rows["evidence"]:
        visit = refs.get(Visit, evidence.visit_id)
        paths[(Evidence, evidence.pk)] = {"original": f"evidence/{visit}/{refs.add(evidence)}.{evidence.extension}"}
    for version in rows["versions"]:
        if version.file:
            document = refs.get(Document, version.document_id)
            paths[(DocumentVersion, version.pk)] = {"file": f"documents/{document}-v{version.version}.pdf"}
    return paths


def plan_data(plan: Plan) -> tuple[dict, list[tuple[str, str]]]:
    """The JSON document of the plan, and (path in the package, stored name) of every file."""
    rows, m2m = collect(plan)
    refs = Refs()
    for objects in rows.values():
        for obj in objects:
            refs.add(obj)
    paths = _file_paths(rows, refs)
    data = {"format": FORMAT, "version": FORMAT_VERSION, "plan": refs.get(Plan, plan.pk)}
    stored = []
    for section, objects in rows.items():
        data[section] = []
        for obj in objects:
            files = paths.get((type(obj), obj.pk), {})
            links = {name: pairs.get(obj.pk, []) for (model, name), pairs in m2m.items() if model is type(obj)}
            data[section].append(record(obj, refs, files, links))
            stored += [(path, getattr(obj, name).name) for name, path in files.items()]
    return data, stored


def package_files(plan: Plan, progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every file of the package except the manifest, in a fixed order."""
    from reports.spreadsheet import plan_xlsx

    data, stored = plan_data(plan)
    total = len(stored) + 2
    yield DATA_JSON, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()
    yield DATA_XLSX, plan_xlsx(plan, stable_at=plan.updated_at)
    for done, (path, name) in enumerate(stored, start=3):
        try:
            with default_storage.open(name, "rb") as handle:
                content = handle.read()
        except FileNotFoundError as exc:
            raise ExportError(_("Thiếu tệp đã lưu của %(path)s; không tạo được hồ sơ.") % {"path": path}) from exc
        yield path, content
        if progress:
            progress(done, total)
