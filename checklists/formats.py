"""Import and export of checklist templates as YAML (or JSON) and export to XLSX.

The file format is documented in docs/checklist-format.md. Parsing validates the
whole file before anything is written, and every error names the line and field.
"""

from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from tthc_inspect.text import nfc
from tthc_inspect.xlsx import Book
from units.models import Level

LEVELS = {Level.PROVINCE.value, Level.DISTRICT.value, Level.COMMUNE.value}


class ChecklistFormatError(ValueError):
    """A malformed checklist file; the message names the line and the field."""


@dataclass
class ItemSpec:
    code: str
    text: str
    guidance: str = ""
    legal_basis: str = ""
    levels: list[str] = field(default_factory=lambda: sorted(LEVELS))


@dataclass
class SectionSpec:
    code: str
    title: str
    legal_basis: str = ""
    items: list[ItemSpec] = field(default_factory=list)


@dataclass
class TemplateSpec:
    code: str
    title: str
    version: int | None = None
    description: str = ""
    sections: list[SectionSpec] = field(default_factory=list)


def _fail(node, path: str, message: str):
    line = node.start_mark.line + 1 if node is not None else 1
    raise ChecklistFormatError(
        _("Dòng %(line)d, trường “%(field)s”: %(message)s") % {"line": line, "field": path, "message": message}
    )


def _mapping(node, path: str) -> dict:
    if not isinstance(node, yaml.MappingNode):
        _fail(node, path, _("phải là một bảng khóa: giá trị."))
    result = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            _fail(key, path, _("khóa không hợp lệ."))
        if key.value in result:
            _fail(key, f"{path}.{key.value}", _("khóa bị lặp lại."))
        result[key.value] = value
    return result


def _text(mapping: dict, key: str, path: str, parent, *, required: bool) -> str:
    node = mapping.get(key)
    if node is None:
        if required:
            _fail(parent, f"{path}.{key}", _("bắt buộc nhưng không có."))
        return ""
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith((":null", ":map", ":seq")):
        _fail(node, f"{path}.{key}", _("phải là một chuỗi văn bản."))
    value = nfc(str(node.value)).strip()
    if required and not value:
        _fail(node, f"{path}.{key}", _("không được để trống."))
    return value


def _unknown(mapping: dict, allowed: set[str], path: str):
    for key, node in mapping.items():
        if key not in allowed:
            _fail(
                node,
                f"{path}.{key}",
                _("trường không được hỗ trợ (chỉ dùng: %(allowed)s).") % {"allowed": ", ".join(sorted(allowed))},
            )


def _sequence(node, path: str) -> list:
    if not isinstance(node, yaml.SequenceNode):
        _fail(node, path, _("phải là một danh sách."))
    return node.value


def checklist_parse(text: str) -> TemplateSpec:
    """Parse and validate a checklist file; raise ChecklistFormatError naming line and field."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ChecklistFormatError(
            _("Dòng %(line)d: tệp không đúng cú pháp YAML/JSON (%(problem)s).") % {"line": line, "problem": exc.problem}
        ) from exc
    if root is None:
        raise ChecklistFormatError(_("Tệp rỗng."))
    top = _mapping(root, "(gốc)")
    _unknown(top, {"code", "version", "title", "description", "sections"}, "(gốc)")
    spec = TemplateSpec(
        code=_text(top, "code", "(gốc)", root, required=True),
        title=_text(top, "title", "(gốc)", root, required=True),
        description=_text(top, "description", "(gốc)", root, required=False),
    )
    if "version" in top:
        version = _text(top, "version", "(gốc)", root, required=True)
        if not version.isdigit() or int(version) < 1:
            _fail(top["version"], "version", _("phải là số nguyên dương."))
        spec.version = int(version)
    if "sections" not in top:
        _fail(root, "sections", _("bắt buộc nhưng không có."))
    section_codes = set()
    for s_index, s_node in enumerate(_sequence(top["sections"], "sections")):
        s_path = f"sections[{s_index + 1}]"
        s_map = _mapping(s_node, s_path)
        _unknown(s_map, {"code", "title", "legal_basis", "items"}, s_path)
        section = SectionSpec(
            code=_text(s_map, "code", s_path, s_node, required=True),
            title=_text(s_map, "title", s_path, s_node, required=True),
            legal_basis=_text(s_map, "legal_basis", s_path, s_node, required=False),
        )
        if section.code in section_codes:
            _fail(s_map["code"], f"{s_path}.code", _("ký hiệu “%(code)s” bị trùng.") % {"code": section.code})
        section_codes.add(section.code)
        if "items" not in s_map:
            _fail(s_node, f"{s_path}.items", _("bắt buộc nhưng không có."))
        item_codes = set()
        for i_index, i_node in enumerate(_sequence(s_map["items"], f"{s_path}.items")):
            i_path = f"{s_path}.items[{i_index + 1}]"
            i_map = _mapping(i_node, i_path)
            _unknown(i_map, {"code", "text", "guidance", "legal_basis", "levels"}, i_path)
            item = ItemSpec(
                code=_text(i_map, "code", i_path, i_node, required=True),
                text=_text(i_map, "text", i_path, i_node, required=True),
                guidance=_text(i_map, "guidance", i_path, i_node, required=False),
                legal_basis=_text(i_map, "legal_basis", i_path, i_node, required=False),
            )
            if item.code in item_codes:
                _fail(i_map["code"], f"{i_path}.code", _("ký hiệu “%(code)s” bị trùng.") % {"code": item.code})
            item_codes.add(item.code)
            if "levels" in i_map:
                levels = [getattr(n, "value", None) for n in _sequence(i_map["levels"], f"{i_path}.levels")]
                bad = [str(v) for v in levels if v not in LEVELS]
                if bad or not levels:
                    _fail(
                        i_map["levels"],
                        f"{i_path}.levels",
                        _("chỉ gồm province, district, commune (không hợp lệ: %(bad)s).")
                        % {"bad": ", ".join(bad) or _("danh sách rỗng")},
                    )
                item.levels = levels
            section.items.append(item)
        if not section.items:
            _fail(s_node, f"{s_path}.items", _("phải có ít nhất một tiêu chí."))
        spec.sections.append(section)
    if not spec.sections:
        _fail(root, "sections", _("phải có ít nhất một nhóm nội dung."))
    return spec


@transaction.atomic
def checklist_import(text: str) -> ChecklistTemplate:
    """Create a new template version from a file; nothing is written if the file is malformed."""
    spec = checklist_parse(text)
    latest = ChecklistTemplate.objects.filter(code=spec.code).order_by("-version").first()
    version = spec.version or (latest.version + 1 if latest else 1)
    if ChecklistTemplate.objects.filter(code=spec.code, version=version).exists():
        raise ChecklistFormatError(
            _("Mẫu “%(code)s” phiên bản %(version)d đã có; bỏ trường version để tạo phiên bản mới.")
            % {"code": spec.code, "version": version}
        )
    template = ChecklistTemplate.objects.create(
        code=spec.code, version=version, title=spec.title, description=spec.description
    )
    checklist_sections_create(template, spec)
    return template


def checklist_sections_create(template: ChecklistTemplate, spec: TemplateSpec) -> None:
    for s_order, s_spec in enumerate(spec.sections):
        section = ChecklistSection.objects.create(
            template=template, order=s_order, code=s_spec.code, title=s_spec.title, legal_basis=s_spec.legal_basis
        )
        ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    section=section,
                    order=i_order,
                    code=i.code,
                    text=i.text,
                    guidance=i.guidance,
                    legal_basis=i.legal_basis,
                    applies_province=Level.PROVINCE in i.levels,
                    applies_district=Level.DISTRICT in i.levels,
                    applies_commune=Level.COMMUNE in i.levels,
                )
                for i_order, i in enumerate(s_spec.items)
            ]
        )


def checklist_template_spec(template: ChecklistTemplate) -> TemplateSpec:
    data = checklist_spec(template)
    return TemplateSpec(
        code=data["code"],
        title=data["title"],
        version=data["version"],
        description=data["description"],
        sections=[
            SectionSpec(
                code=s["code"],
                title=s["title"],
                legal_basis=s["legal_basis"],
                items=[ItemSpec(**i) for i in s["items"]],
            )
            for s in data["sections"]
        ],
    )


def checklist_spec(template: ChecklistTemplate) -> dict:
    sections = template.sections.prefetch_related("items").order_by("order", "pk")
    return {
        "code": template.code,
        "version": template.version,
        "title": template.title,
        "description": template.description,
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                "legal_basis": s.legal_basis,
                "items": [
                    {
                        "code": i.code,
                        "text": i.text,
                        "guidance": i.guidance,
                        "legal_basis": i.legal_basis,
                        "levels": i.levels,
                    }
                    for i in s.items.all()
                ],
            }
            for s in sections
        ],
    }


def checklist_export_yaml(template: ChecklistTemplate) -> str:
    header = "# Mẫu nội dung kiểm tra — định dạng: docs/checklist-format.md\n"
    return header + yaml.safe_dump(checklist_spec(template), allow_unicode=True, sort_keys=False, width=120)


def checklist_export_xlsx(template: ChecklistTemplate) -> bytes:
    """One row per item; cells through ``tthc_inspect.xlsx`` (an imported "=HYPERLINK(…)" stays text)."""
    workbook = Book(title=template.title)
    sheet = workbook.sheet("Nội dung kiểm tra")
    sheet.row([template.title, f"Phiên bản {template.version}"], bold=True, size=13)
    headers = [
        "Nhóm",
        "Nội dung nhóm",
        "Ký hiệu",
        "Tiêu chí",
        "Hướng dẫn",
        "Căn cứ pháp lý",
        "Cấp tỉnh",
        "Cấp huyện",
        "Cấp xã",
    ]
    sheet.row(headers, bold=True)
    spec = checklist_spec(template)
    for section in spec["sections"]:
        for item in section["items"]:
            sheet.row(
                [
                    section["code"],
                    section["title"],
                    item["code"],
                    item["text"],
                    item["guidance"],
                    item["legal_basis"],
                    *("x" if level in item["levels"] else "" for level in ("province", "district", "commune")),
                ],
                wrap=True,
            )
    sheet.widths([8, 40, 8, 60, 40, 40, 9, 9, 9])
    sheet.freeze("A3")
    return workbook.content()
