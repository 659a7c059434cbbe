"""Import and export of checklist templates as YAML (or JSON) and export to XLSX.

The file format and its limits are documented in docs/checklist-format.md. Parsing bounds the
file before building it (size, nesting, nodes, items, no aliases), validates the whole file
against the schema and the model's lengths before anything is written, and every error names
the line and the field (``sections[2].items[5].code``). (XLSX is an export only, never read.)
"""

import datetime
import re
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
    valid_from: datetime.date | None = None
    legal_bases: list[str] = field(default_factory=list)


# --- limits (docs/checklist-format.md) -----------------------------------------------------------
# Lengths come from the model where the column has one; the text columns get a sane bound.
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 8  # root → sections → section → items → item → levels is 6 levels of collections
MAX_NODES = 80_000  # keys, values and list entries: a full 2,000-item template has about 32,000
MAX_SECTIONS = 100
MAX_ITEMS = 2_000  # in the whole template
MAX_VERSION = 9_999
TEXT_LIMITS = {"description": 5_000, "text": 2_000, "guidance": 5_000, "legal_bases": 300}
MAX_LEGAL_BASES = 30
TEMPLATE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # a SlugField, and part of the download's file name
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # "3", "3.3", "A.1", "II-2"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # XLSX, PostgreSQL and readers refuse them
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in: about 15× faster


def _n(number: int) -> str:
    """12000 → "12.000" (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length or TEXT_LIMITS[name]


def _fail(node, path: str, message: str):
    line = node.start_mark.line + 1 if node is not None else 1
    raise ChecklistFormatError(
        _("Dòng %(line)d, trường “%(field)s”: %(message)s") % {"line": line, "field": path, "message": message}
    )


def _shown(key: str) -> str:
    """A key as shown in a message: a 100,000-character key must not make a 100,000-character message."""
    return key if len(key) <= 40 else key[:39] + "…"


class _Frame:
    def __init__(self, kind: str, path: str):
        self.kind, self.path, self.count, self.key = kind, path, 0, None


def _child(parent: str, part: str) -> str:
    return f"{parent}.{part}" if parent else part


def _scan(text: str) -> None:
    """``_scan_with`` libyaml; its own nesting limit (1,000) fires while it reads ahead, so such a file
    is scanned again by the pure-Python parser, which stops at ``MAX_DEPTH`` and names the field."""
    try:
        _scan_with(text, LOADER)
    except yaml.MarkedYAMLError as exc:
        if LOADER is yaml.SafeLoader or "nesting depth" not in str(exc.problem):
            raise
        _scan_with(text, yaml.SafeLoader)
        raise


def _scan_with(text: str, loader) -> None:
    """Walk the file's events (no tree is built yet) and stop at the first node past a bound.

    The tree builder recurses once per level of nesting, so 100,000 nested brackets were a
    RecursionError (500); anchors and aliases could repeat one list many times over. Here the
    depth, the number of nodes, the sections and the items are counted with the node's path.
    """
    stack: list[_Frame] = []
    nodes = items = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        top = stack[-1] if stack else None
        if top is None:
            path = "(gốc)"
        elif top.kind == "map" and top.key is None:  # a key
            if not isinstance(event, yaml.ScalarEvent):
                _fail(event, top.path or "(gốc)", _("khóa không hợp lệ."))
            top.key = _shown(str(event.value))
            path = _child(top.path, top.key)
        elif top.kind == "map":  # the key's value
            path, top.key = _child(top.path, top.key), None
        else:
            top.count += 1
            path = f"{top.path}[{top.count}]"
            if top.path == "sections" and top.count > MAX_SECTIONS:
                _fail(event, path, _("số nhóm nội dung vượt quá giới hạn %(max)d.") % {"max": MAX_SECTIONS})
            if top.path.endswith("].items"):
                items += 1
                if items > MAX_ITEMS:
                    _fail(event, path, _("tổng số tiêu chí vượt quá giới hạn %(max)s.") % {"max": _n(MAX_ITEMS)})
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            _fail(event, path, _("không dùng neo và tham chiếu YAML (&, *)."))
        nodes += 1
        if nodes > MAX_NODES:
            _fail(event, path, _("tệp có quá nhiều phần tử (tối đa %(max)s).") % {"max": _n(MAX_NODES)})
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                _fail(event, path, _("lồng nhau quá %(max)d cấp.") % {"max": MAX_DEPTH})
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            stack.append(_Frame(kind, "" if path == "(gốc)" else path))


def _mapping(node, path: str) -> dict:
    if not isinstance(node, yaml.MappingNode):
        _fail(node, path, _("phải là một bảng khóa: giá trị."))
    result = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            _fail(key, path, _("khóa không hợp lệ."))
        if key.value in result:
            _fail(key, f"{path}.{_shown(key.value)}", _("khóa bị lặp lại."))
        result[key.value] = value
    return result


def _text(mapping: dict, key: str, path: str, parent, *, required: bool, limit: int, pattern=None) -> str:
    node = mapping.get(key)
    where = f"{path}.{key}"
    if node is None:
        if required:
            _fail(parent, where, _("bắt buộc nhưng không có."))
        return ""
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith((":null", ":map", ":seq")):
        _fail(node, where, _("phải là một chuỗi văn bản."))
    value = nfc(str(node.value)).strip()
    if required and not value:
        _fail(node, where, _("không được để trống."))
    if len(value) > limit:
        _fail(node, where, _("dài %(n)s ký tự; tối đa %(max)s.") % {"n": _n(len(value)), "max": _n(limit)})
    if CONTROL.search(value):
        _fail(node, where, _("chứa ký tự điều khiển không được phép."))
    if pattern is not None and value and not pattern.fullmatch(value):
        allowed = (
            _("chữ cái không dấu, chữ số, dấu gạch ngang và gạch dưới")
            if pattern is TEMPLATE_CODE
            else _("chữ cái không dấu, chữ số và các dấu . - _")
        )
        _fail(node, where, _("chỉ gồm %(allowed)s, bắt đầu bằng chữ hoặc số.") % {"allowed": allowed})
    return value


def _unknown(mapping: dict, allowed: set[str], path: str):
    for key, node in mapping.items():
        if key not in allowed:
            _fail(
                node,
                f"{path}.{_shown(key)}",
                _("trường không được hỗ trợ (chỉ dùng: %(allowed)s).") % {"allowed": ", ".join(sorted(allowed))},
            )


def _sequence(node, path: str) -> list:
    if not isinstance(node, yaml.SequenceNode):
        _fail(node, path, _("phải là một danh sách."))
    return node.value


def _compose(text: str):
    try:
        _scan(text)
        return yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ChecklistFormatError(
            _("Dòng %(line)d: tệp không đúng cú pháp YAML/JSON (%(problem)s).") % {"line": line, "problem": exc.problem}
        ) from exc
    except yaml.YAMLError as exc:  # e.g. a control character in the file (ReaderError has no line mark)
        raise ChecklistFormatError(
            _("Tệp không đọc được như YAML/JSON (%(problem)s).") % {"problem": str(exc)[:200]}
        ) from exc


def _levels(node, path: str) -> list[str]:
    values = []
    for entry in _sequence(node, path):
        value = entry.value if isinstance(entry, yaml.ScalarNode) else None
        if value not in LEVELS:
            shown = _shown(str(value)) if value is not None else "[…]" if entry.id == "sequence" else "{…}"
            _fail(
                node,
                path,
                _("chỉ gồm province, district, commune (không hợp lệ: %(bad)s).") % {"bad": shown},
            )
        values.append(value)
    if not values:
        _fail(
            node, path, _("chỉ gồm province, district, commune (không hợp lệ: %(bad)s).") % {"bad": _("danh sách rỗng")}
        )
    return values


def _edition_fields(spec: TemplateSpec, top: dict, root) -> None:
    """``valid_from`` (YYYY-MM-DD: a default edition's first plan date) and ``legal_bases`` (a list of texts)."""
    if "valid_from" in top:
        value = _text(top, "valid_from", "(gốc)", root, required=True, limit=10)
        try:
            spec.valid_from = datetime.date.fromisoformat(value)
        except ValueError:
            _fail(top["valid_from"], "valid_from", _("phải là ngày dạng YYYY-MM-DD."))
    if "legal_bases" in top:
        entries = _sequence(top["legal_bases"], "legal_bases")
        if len(entries) > MAX_LEGAL_BASES:
            _fail(top["legal_bases"], "legal_bases", _("tối đa %(max)d văn bản.") % {"max": MAX_LEGAL_BASES})
        for index, entry in enumerate(entries):
            path = f"legal_bases[{index + 1}]"
            spec.legal_bases.append(
                _text({"v": entry}, "v", path, entry, required=True, limit=TEXT_LIMITS["legal_bases"])
            )


def checklist_parse(text: str) -> TemplateSpec:
    """Parse and validate a checklist file; raise ChecklistFormatError naming line and field.

    Bounded before anything is built (``_scan``: size, depth, nodes, sections, items, no aliases),
    then checked against the schema and the model's lengths (docs/checklist-format.md).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ChecklistFormatError(_("Tệp mẫu quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_BYTES // 1048576})
    root = _compose(text)
    if root is None:
        raise ChecklistFormatError(_("Tệp rỗng."))
    top = _mapping(root, "(gốc)")
    spec = _template_spec(top, root)
    if "sections" not in top:
        _fail(root, "sections", _("bắt buộc nhưng không có."))
    section_codes = set()
    for s_index, s_node in enumerate(_sequence(top["sections"], "sections")):
        section = _section_spec(s_node, f"sections[{s_index + 1}]", section_codes)
        spec.sections.append(section)
    if not spec.sections:
        _fail(root, "sections", _("phải có ít nhất một nhóm nội dung."))
    return spec


def _template_spec(top, root) -> TemplateSpec:
    """The file's own fields: code, title, description, version (the sections follow)."""
    _unknown(top, {"code", "version", "title", "description", "valid_from", "legal_bases", "sections"}, "(gốc)")
    code_limit = _max_length(ChecklistTemplate, "code")
    spec = TemplateSpec(
        code=_text(top, "code", "(gốc)", root, required=True, limit=code_limit, pattern=TEMPLATE_CODE),
        title=_text(top, "title", "(gốc)", root, required=True, limit=_max_length(ChecklistTemplate, "title")),
        description=_text(
            top, "description", "(gốc)", root, required=False, limit=_max_length(ChecklistTemplate, "description")
        ),
    )
    if "version" in top:
        version = _text(top, "version", "(gốc)", root, required=True, limit=40)
        if not re.fullmatch(r"[0-9]{1,4}", version) or not 1 <= int(version) <= MAX_VERSION:
            _fail(top["version"], "version", _("phải là số nguyên dương (tối đa %(max)d).") % {"max": MAX_VERSION})
        spec.version = int(version)
    _edition_fields(spec, top, root)
    return spec


def _code_once(mapping, path: str, code: str, seen: set) -> None:
    """A section's or item's code appears once among its siblings."""
    if code in seen:
        _fail(mapping["code"], f"{path}.code", _("ký hiệu “%(code)s” bị trùng.") % {"code": code})
    seen.add(code)


def _section_spec(s_node, s_path: str, section_codes: set) -> SectionSpec:
    s_map = _mapping(s_node, s_path)
    _unknown(s_map, {"code", "title", "legal_basis", "items"}, s_path)
    section = SectionSpec(
        code=_text(
            s_map, "code", s_path, s_node, required=True, limit=_max_length(ChecklistSection, "code"), pattern=CODE
        ),
        title=_text(s_map, "title", s_path, s_node, required=True, limit=_max_length(ChecklistSection, "title")),
        legal_basis=_text(
            s_map, "legal_basis", s_path, s_node, required=False, limit=_max_length(ChecklistSection, "legal_basis")
        ),
    )
    _code_once(s_map, s_path, section.code, section_codes)
    if "items" not in s_map:
        _fail(s_node, f"{s_path}.items", _("bắt buộc nhưng không có."))
    item_codes = set()
    for i_index, i_node in enumerate(_sequence(s_map["items"], f"{s_path}.items")):
        section.items.append(_item_spec(i_node, f"{s_path}.items[{i_index + 1}]", item_codes))
    if not section.items:
        _fail(s_node, f"{s_path}.items", _("phải có ít nhất một tiêu chí."))
    return section


def _item_spec(i_node, i_path: str, item_codes: set) -> ItemSpec:
    i_map = _mapping(i_node, i_path)
    _unknown(i_map, {"code", "text", "guidance", "legal_basis", "levels"}, i_path)

    def text(key: str, *, required: bool, **extra) -> str:
        return _text(i_map, key, i_path, i_node, required=required, limit=_max_length(ChecklistItem, key), **extra)

    item = ItemSpec(
        code=text("code", required=True, pattern=CODE),
        text=text("text", required=True),
        guidance=text("guidance", required=False),
        legal_basis=text("legal_basis", required=False),
    )
    _code_once(i_map, i_path, item.code, item_codes)
    if "levels" in i_map:
        item.levels = _levels(i_map["levels"], f"{i_path}.levels")
    return item


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
        code=spec.code,
        version=version,
        title=spec.title,
        description=spec.description,
        valid_from=spec.valid_from,
        legal_bases="\n".join(spec.legal_bases),
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
        valid_from=template.valid_from,
        legal_bases=template.legal_basis_list,
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
    edition = {"valid_from": template.valid_from.isoformat()} if template.valid_from else {}
    if template.legal_bases.strip():
        edition["legal_bases"] = template.legal_basis_list
    return {
        "code": template.code,
        "version": template.version,
        "title": template.title,
        "description": template.description,
        **edition,
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
