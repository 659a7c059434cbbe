"""Every dashboard table as an XLSX workbook (openpyxl), with every row (not only the top of the page).

Cells go through ``tthc_inspect.xlsx``: a name typed as "=HYPERLINK(…)" stays text.
"""

from django.utils.translation import gettext as _

from reports.dashboards import selectors
from tthc_inspect.xlsx import Book

TABLES = (  # every table ``table_rows`` knows (the names in /tong-hop/xuat/<name>.xlsx)
    "ke-hoach",
    "cuoc-kiem-tra",
    "noi-dung",
    "co-quan",
    "han-che-tieu-chi",
    "han-che-co-quan",
    "khac-phuc",
    "theo-nam-noi-dung",
    "theo-nam-co-quan",
)


def _rate(value):
    return round(value, 1) if value is not None else None


def _rate_columns() -> list[str]:
    return [_("Đạt"), _("Đạt một phần"), _("Chưa đạt"), _("Không áp dụng"), _("Số lượt đánh giá"), _("Tỷ lệ đạt (%)")]


def _rate_cells(row: dict) -> list:
    return [row["passed"], row["partial"], row["failed"], row["not_applicable"], row["assessed"], _rate(row["rate"])]


def table_rows(name: str, *, user, scope, today) -> tuple[str, list[str], list[list]]:
    """(sheet title, header, rows) of one dashboard table; ``KeyError`` for an unknown name."""
    if name == "ke-hoach":
        rows = selectors.plan_progress(user=user, scope=scope)
        return _("Kế hoạch theo trạng thái"), [_("Trạng thái"), _("Số kế hoạch")], [[r["label"], r["n"]] for r in rows]
    if name == "cuoc-kiem-tra":
        rows = selectors.visit_progress(user=user, scope=scope)
        return _("Cuộc kiểm tra theo trạng thái"), [_("Trạng thái"), _("Số cuộc")], [[r["label"], r["n"]] for r in rows]
    if name == "noi-dung":
        rows = selectors.compliance_by_section(user=user, scope=scope)
        return (
            _("Tỷ lệ đạt theo nội dung"),
            [_("Mã"), _("Nội dung kiểm tra"), *_rate_columns()],
            [[r["code"], r["title"], *_rate_cells(r)] for r in rows],
        )
    if name == "co-quan":
        rows = selectors.compliance_by_agency(user=user, scope=scope, limit=None)
        return (
            _("Tỷ lệ đạt theo cơ quan"),
            [_("Cơ quan, đơn vị"), _("Địa bàn"), _("Số cuộc kiểm tra"), *_rate_columns()],
            [[r["name"], r["area"], r["visits"], *_rate_cells(r)] for r in rows],
        )
    if name == "han-che-tieu-chi":
        rows = selectors.limitations_by_item(user=user, scope=scope, limit=None)
        return (
            _("Hạn chế theo tiêu chí"),
            [_("Mã tiêu chí"), _("Tiêu chí"), _("Số hạn chế"), _("Số cơ quan")],
            [[r["code"] or "", r["text"] or _("Nhận xét chung"), r["n"], r["agencies"]] for r in rows],
        )
    if name == "han-che-co-quan":
        rows = selectors.limitations_by_agency(user=user, scope=scope, limit=None)
        return (
            _("Hạn chế theo cơ quan"),
            [_("Cơ quan, đơn vị"), _("Địa bàn"), _("Số hạn chế"), _("Nghiêm trọng"), _("Số cuộc kiểm tra")],
            [[r["name"], r["area"], r["n"], r["high"], r["visits"]] for r in rows],
        )
    if name == "khac-phuc":
        data = selectors.remediation_summary(user=user, scope=scope, today=today)
        rows = [[str(r["label"]), r["n"]] for r in data["states"]]
        rows.append([_("Tổng số biện pháp"), data["counts"]["total"]])
        rows.append([str(data["overdue"]["label"]), data["overdue"]["n"]])
        rows += [[_("Chưa đóng, tuổi %(age)s") % {"age": r["label"]}, r["n"]] for r in data["ages"]]
        return _("Biện pháp khắc phục"), [_("Nhóm"), _("Số biện pháp")], rows
    if name in ("theo-nam-noi-dung", "theo-nam-co-quan"):
        data = selectors.year_over_year(user=user, scope=scope)
        pivot = data["sections" if name == "theo-nam-noi-dung" else "agencies"]
        head = [_("Nội dung kiểm tra") if name == "theo-nam-noi-dung" else _("Cơ quan, đơn vị")]
        head += [str(y) for y in pivot.years]
        rows = [[r["label"], *[_rate(c["rate"]) if c else None for c in r["cells"]]] for r in pivot.rows]
        return _("Tỷ lệ đạt theo năm"), head, rows
    raise KeyError(name)


def xlsx(title: str, head: list[str], rows: list[list], filter_text: str) -> bytes:
    """One sheet: a title line, the filter used, then the table with a bold frozen header."""
    workbook = Book()
    sheet = workbook.sheet(title)
    sheet.row([title], bold=True, size=13)
    sheet.row([filter_text])
    sheet.row([])
    sheet.row(head, bold=True, wrap=True)
    for row in rows:
        sheet.row(row)
    sheet.widths([48] + [14] * (len(head) - 1))
    sheet.freeze("A5")
    return workbook.content()
