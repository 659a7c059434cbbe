"""Import of a whole-plan package into this installation: the plan recreated, files byte for byte.

``plan_import`` checks the archive first (``tthc_inspect.archive.open_package``: size, members,
paths, ratio, every hash against the manifest), then, in one transaction, walks the sections of
``records.SECTIONS``:

- reference data is matched, not duplicated: an account by username (a missing one is created
  inactive, with no password and no group: it only names who did what), an area by (edition,
  level, code), an agency by name, level, kind, area and validity dates, an official by name and
  agency, a checklist by (code, version) with its sections and items by code;
- the plan must not exist yet (same issuer, year and number); it and every row hanging from it are
  created with their states, dates and texts as exported (the creation times too), through
  ``save`` (so the history records the import under the importing user);
- evidence originals go through the upload checks again (``evidence_check``: content, size,
  pixels) and get new derivatives; their SHA-256 must be the exported one; final documents' PDFs are
  stored as they were, with their SHA-256.

Any refusal is a ``PackageError`` with a Vietnamese message, and nothing is written.
"""

import json
import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils.translation import gettext as _

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from findings.evidence_files import evidence_check
from findings.models import Evidence
from inspections.models import Plan
from reports.exchange.package import DATA_JSON, FORMAT, FORMAT_VERSION
from reports.exchange.records import SECTIONS, fields_of, m2m_of, python_value
from reports.models import DocumentVersion
from reports.services import store_file
from tthc_inspect.archive import Limits, Package, PackageError, open_package
from tthc_inspect.history import records_user
from units.models import AdminArea, Agency, Official


class _Importer:
    def __init__(self, package: Package, data: dict):
        self.package, self.data = package, data
        self.pks: dict[str, int] = {}
        self.links: list[tuple] = []
        self.stored: list[str] = []  # files written, removed again if the import fails

    def ref(self, value, *, field):
        if value is None:
            return None
        if value not in self.pks:
            raise PackageError(
                _("Dữ liệu tham chiếu không tồn tại: %(ref)s (%(field)s).") % {"ref": value, "field": field}
            )
        return self.pks[value]

    def values(self, model, record: dict) -> dict:
        """The record's fields as keyword arguments (files left out: ``attach`` stores them)."""
        kwargs = {}
        for f in fields_of(model):
            if isinstance(f, models.FileField):
                continue
            value = record.get(f.name)
            if f.is_relation:
                kwargs[f.attname] = self.ref(value, field=f"{model._meta.model_name}.{f.name}")
            else:
                kwargs[f.attname] = python_value(f, value)
        return kwargs

    def run(self) -> Plan:
        for section, model in SECTIONS:
            records = self.data.get(section, [])
            if not isinstance(records, list):
                raise PackageError(_("Dữ liệu không đúng định dạng (%(section)s).") % {"section": section})
            for record in records:
                obj = MATCHERS.get(model, _find_none)(self, record) or self.create(model, record)
                self.pks[record["ref"]] = obj.pk
        for obj, name, refs in self.links:
            getattr(obj, name).set([self.ref(r, field=name) for r in refs])
        return Plan.objects.get(pk=self.pks[self.data["plan"]])

    def create(self, model, record: dict):
        obj = model(**self.values(model, record))
        self.attach(obj, record)
        files = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        self.stored += [getattr(obj, name).name for name in files if getattr(obj, name)]
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]  # resolved from refs above
        try:
            obj.clean_fields(exclude=files + relations)
        except ValidationError as exc:
            raise PackageError(
                _("Dữ liệu trong gói không hợp lệ (%(row)s): %(error)s")
                % {
                    "row": record.get("ref"),
                    "error": "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()),
                }
            ) from exc
        obj.save()
        times = {f.attname: python_value(f, record.get(f.name)) for f in fields_of(model) if _automatic(f)}
        if times:
            model.objects.filter(pk=obj.pk).update(**times)
        self.links += [(obj, f.name, record.get(f.name) or []) for f in m2m_of(model)]
        return obj

    def attach(self, obj, record: dict) -> None:
        if isinstance(obj, Plan) and record.get("signed_scan"):
            obj.signed_scan.save("scan.pdf", ContentFile(self.package.read(record["signed_scan"])), save=False)
        elif isinstance(obj, Evidence):
            _evidence_files(obj, self.package.read(record["original"]))
        elif isinstance(obj, DocumentVersion) and record.get("file"):
            content = self.package.read(record["file"])
            token = uuid.uuid4().hex
            obj.file = f"reports/{token[:2]}/{token}.pdf"
            store_file(obj.file.name, content)


def _automatic(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _evidence_files(evidence: Evidence, content: bytes) -> None:
    checked = evidence_check(ContentFile(content, name="original"))
    if checked.sha256 != evidence.sha256:
        raise PackageError(_("Minh chứng “%(caption)s” không khớp mã SHA-256.") % {"caption": evidence.caption[:80]})
    evidence.original.save("original", ContentFile(checked.content), save=False)
    if checked.print_jpeg:
        evidence.print_image.save("print", ContentFile(checked.print_jpeg), save=False)
        evidence.thumbnail.save("thumb", ContentFile(checked.thumb_jpeg), save=False)


def _find_none(importer, record):
    return None


def _user(importer, record):
    user = User.objects.filter(username=record.get("username")).first()
    if user is None:
        user = User(username=record["username"], first_name=record.get("first_name", ""), is_active=False)
        user.last_name = record.get("last_name", "")
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    return user


def _area(importer, record):
    return AdminArea.objects.filter(edition=record["edition"], level=record["level"], code=record["code"]).first()


def _agency(importer, record):
    values = importer.values(Agency, record)
    keys = ("name", "level", "kind", "area_id", "valid_from", "valid_to")
    return Agency.objects.filter(**{k: values[k] for k in keys}).order_by("pk").first()


def _official(importer, record):
    values = importer.values(Official, record)
    return Official.objects.filter(full_name=values["full_name"], agency_id=values["agency_id"]).order_by("pk").first()


def _checklist(importer, record):
    return ChecklistTemplate.objects.filter(code=record["code"], version=record["version"]).first()


def _section(importer, record):
    return ChecklistSection.objects.filter(
        template_id=importer.ref(record["template"], field="section.template"), code=record["code"]
    ).first()


def _item(importer, record):
    return ChecklistItem.objects.filter(
        section_id=importer.ref(record["section"], field="item.section"), code=record["code"]
    ).first()


def _plan(importer, record):
    values = importer.values(Plan, record)
    existing = Plan.objects.filter(
        issuer_id=values["issuer_id"], number=values["number"], issued_on__year=values["issued_on"].year
    )
    if existing.exists():
        raise PackageError(
            _("Kế hoạch %(number)s đã có trong hệ thống; không nhập lại.") % {"number": values["number"]}
        )
    return None


MATCHERS = {
    User: _user,
    AdminArea: _area,
    Agency: _agency,
    Official: _official,
    ChecklistTemplate: _checklist,
    ChecklistSection: _section,
    ChecklistItem: _item,
    Plan: _plan,
}


def _data(package: Package) -> dict:
    meta = package.manifest
    if meta.get("format") != FORMAT + "-package" or meta.get("version") != FORMAT_VERSION:
        raise PackageError(_("Gói không phải hồ sơ kế hoạch của phần mềm này (hoặc phiên bản khác)."))
    content = package.read(DATA_JSON)  # checked against the manifest first
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise PackageError(_("data/plan.json không đúng định dạng.")) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise PackageError(_("data/plan.json không đúng định dạng."))
    return data


@records_user
def plan_import(fileobj, *, user=None, limits: Limits | None = None) -> Plan:
    """Recreate the package's plan here, or raise PackageError (nothing written)."""
    package = open_package(fileobj, limits=limits)
    importer = _Importer(package, _data(package))
    try:
        return _run_refusing(importer)
    except BaseException:
        for name in importer.stored:
            default_storage.delete(name)
        raise


def _run_refusing(importer):
    try:
        with transaction.atomic():
            return importer.run()
    except PackageError:
        raise
    except ValidationError as exc:
        raise PackageError(
            _("Dữ liệu trong gói không hợp lệ: %(error)s") % {"error": "; ".join(exc.messages)[:300]}
        ) from exc
    except (IntegrityError, DatabaseError) as exc:
        raise PackageError(
            _("Dữ liệu trong gói mâu thuẫn với dữ liệu hiện có (%(error)s).") % {"error": str(exc)[:200]}
        ) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PackageError(
            _("Dữ liệu trong gói không đúng định dạng (%(error)s).") % {"error": str(exc)[:200]}
        ) from exc
