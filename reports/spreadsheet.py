"""A plan's results and findings as XLSX: one sheet per agency summary, item results and findings."""

from findings.models import Finding, ItemResult
from inspections.models import Plan, Visit
from tthc_inspect.xlsx import Book

# Cells go through tthc_inspect.xlsx: a finding typed as "=HYPERLINK(...)" stays text.


def _sheet(workbook: Book, title: str, heads: list[str], rows, widths: list[int]):
    sheet = workbook.sheet(title)
    sheet.row(heads, bold=True, wrap=True)
    for row in rows:
        sheet.row(row)
    sheet.widths(widths)
    sheet.freeze("A2")
    return sheet


def plan_xlsx(plan: Plan, *, stable_at=None) -> bytes:
    """Three sheets: per agency, per item result, per finding (three queries). ``stable_at``: see ``Book.content``."""
    visits, results, findings = _plan_rows(plan)
    names = {v.pk: v.agency.full_name() for v in visits}
    workbook = Book(title=f"Kết quả kiểm tra {plan.number}")
    _summary_sheet(workbook, visits, names, results, findings)
    _results_sheet(workbook, names, results)
    _findings_sheet(workbook, names, findings)
    return workbook.content(stable_at=stable_at)


def _plan_rows(plan: Plan) -> tuple[list[Visit], list[ItemResult], list[Finding]]:
    """The plan's visits, item results and findings, in the order the sheets list them."""
    visits = list(
        Visit.objects.filter(plan=plan)
        .select_related("agency", "agency__area", "agency__area__parent")
        .order_by("planned_start", "agency__name", "pk")
    )
    results = list(
        ItemResult.objects.filter(visit__plan=plan)
        .select_related("item", "item__section")
        .order_by("visit__planned_start", "visit_id", "item__section__order", "item__order", "item__pk")
    )
    findings = list(
        Finding.objects.filter(visit__plan=plan)
        .select_related("item", "item__section")
        .order_by("visit__planned_start", "visit_id", "kind", "pk")
    )
    return visits, results, findings


def _summary_sheet(workbook: Book, visits, names, results, findings) -> None:
    """ "Tổng hợp": one row per agency with its result counts and its number of limitations."""
    counts: dict[int, dict[str, int]] = {v.pk: {"pass": 0, "partial": 0, "fail": 0, "na": 0, "": 0} for v in visits}
    for r in results:
        counts[r.visit_id][r.result] += 1
    limitation_counts = {v.pk: 0 for v in visits}
    for f in findings:
        if f.kind == Finding.Kind.LIMITATION:
            limitation_counts[f.visit_id] += 1
    heads = ["STT", "Cơ quan, đơn vị", "Ngày kiểm tra", "Đạt", "Đạt một phần", "Chưa đạt", "Không áp dụng"]
    rows = [
        [
            i,
            names[v.pk],
            (v.actual_start or v.planned_start).strftime("%d/%m/%Y"),
            *(counts[v.pk][key] for key in ("pass", "partial", "fail", "na", "")),
            limitation_counts[v.pk],
        ]
        for i, v in enumerate(visits, start=1)
    ]
    _sheet(workbook, "Tổng hợp", [*heads, "Chưa đánh giá", "Số hạn chế"], rows, [6, 48, 14, 8, 12, 10, 14, 14, 10])


def _results_sheet(workbook: Book, names, results) -> None:
    _sheet(
        workbook,
        "Kết quả tiêu chí",
        ["Cơ quan, đơn vị", "Nhóm nội dung", "Tiêu chí", "Nội dung kiểm tra", "Kết quả", "Ghi chú"],
        [
            [names[r.visit_id], r.item.section.title, r.item.code, r.item.text, r.get_result_display(), r.note]
            for r in results
        ],
        [40, 40, 8, 60, 14, 40],
    )


def _findings_sheet(workbook: Book, names, findings) -> None:
    rows = [
        [
            names[f.visit_id],
            f.get_kind_display(),
            f.item.code if f.item_id else "",
            f.description,
            f.cause,
            f.recommendation,
            f.get_severity_display(),
        ]
        for f in findings
    ]
    heads = ["Cơ quan, đơn vị", "Loại", "Tiêu chí", "Nội dung", "Nguyên nhân", "Kiến nghị", "Mức độ"]
    _sheet(workbook, "Phát hiện", heads, rows, [40, 16, 8, 70, 40, 50, 14])
