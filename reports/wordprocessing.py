"""The Báo cáo kết quả kiểm tra as DOCX (offices edit drafts in Word), from the same context as the PDF.

Built with python-docx (installed with docxtpl): A4, the NĐ 30/2020 margins, Times New
Roman 14 pt (Word substitutes Liberation Serif where Times New Roman is missing; the metrics
are the same), the same header, sections, signature block and annex table as the PDF.
"""

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"


def _base(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)


def _para(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=True):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return paragraph


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for text, fmt in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold", False)
        run.italic = fmt.get("italic", False)
        run.underline = fmt.get("underline", False)
        run.font.size = Pt(fmt.get("size", 13))


def report_docx(context: dict) -> bytes:
    """The Báo cáo as DOCX bytes: header, the four parts of the body, signature, annex."""
    header = context["header"]
    doc = DocxDocument()
    _base(doc)
    _header_block(doc, header)
    _general(doc, context)
    _results(doc, context)
    _assessment(doc, context)
    _recommendations(doc, context)
    _signature(doc, header)
    _annex(doc, context["annex"])
    buffer = io.BytesIO()
    doc.core_properties.title = f"{header.type_title} {header.summary}"
    doc.save(buffer)
    return buffer.getvalue()


def _header_block(doc, header) -> None:
    """The NĐ 30/2020 header table (issuer, number | motto, date line), title, summary and addressees."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    _cell_lines(
        left,
        [
            (header.parent, {"size": 13}),
            (header.body, {"bold": True, "size": 13}),
            ("", {}),
            (f"Số: {header.number}", {"size": 13}),
        ],
    )
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 12.5}),
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 13.5, "underline": True}),
            ("", {}),
            (header.date_line, {"italic": True, "size": 14}),
        ],
    )
    if header.draft:
        _para(doc, "DỰ THẢO", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, header.type_title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_before = Pt(12)
    _para(doc, header.summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if header.kinh_gui:
        _para(doc, "Kính gửi: " + "; ".join(header.kinh_gui) + ".", align=WD_ALIGN_PARAGRAPH.CENTER)


def _general(doc, c: dict) -> None:
    """I. Khái quát chung: legal basis, the team, period and content, the agencies inspected."""
    _para(doc, f"Thực hiện {c['plan_text']}; {c['decision_text']}, Đoàn kiểm tra báo cáo kết quả kiểm tra như sau:")
    _para(doc, "I. KHÁI QUÁT CHUNG", bold=True)
    _para(doc, "1. Căn cứ kiểm tra", bold=True)
    for basis in c["legal_basis"]:
        _para(doc, f"- {basis};")
    _para(doc, "2. Thành phần Đoàn kiểm tra", bold=True)
    for m in c["team"]:
        _para(doc, f"- {m['name']}, {m['agency']} — {m['role']};")
    _para(doc, "3. Thời gian và nội dung kiểm tra", bold=True)
    _para(doc, f"Đoàn kiểm tra làm việc trực tiếp tại các cơ quan, đơn vị {c['period']}, với các nội dung:")
    for area in c["content_areas"]:
        _para(doc, f"- {area};")
    _para(doc, "4. Đối tượng kiểm tra", bold=True)
    _para(doc, f"Đoàn kiểm tra đã kiểm tra {len(c['agencies'])} cơ quan, đơn vị:")
    for index, a in enumerate(c["agencies"], start=1):
        seen = f"; kiểm tra thực tế tại: {'; '.join(a['units_seen'])}" if a["units_seen"] else ""
        _para(doc, f"{index}. {a['name']} (ngày {a['dates']}){seen}.")
    if c["not_done"]:
        _para(doc, f"Chưa kiểm tra hoặc chưa kết thúc kiểm tra {len(c['not_done'])} cơ quan, đơn vị:")
        for index, a in enumerate(c["not_done"], start=1):
            _para(doc, f"{index}. {a['name']} (dự kiến ngày {a['dates']}; {a['status'].lower()}).")


def _results(doc, c: dict) -> None:
    """II. Kết quả kiểm tra, per content area: the counts, the strengths, the agencies short."""
    _para(doc, "II. KẾT QUẢ KIỂM TRA", bold=True)
    for index, s in enumerate(c["sections"], start=1):
        _para(doc, f"{index}. {s['title']}", bold=True)
        _para(
            doc,
            f"Tổng hợp kết quả đánh giá các tiêu chí tại các cơ quan, đơn vị: {s['passed']} lượt đạt; "
            f"{s['partial']} lượt đạt một phần; {s['failed']} lượt chưa đạt.",
        )
        for st in s["strengths"]:
            _para(doc, st["text"])
        if s["short"]:
            _para(doc, "Các cơ quan, đơn vị còn tiêu chí chưa đạt hoặc đạt một phần: " + "; ".join(s["short"]) + ".")


def _part(doc, c: dict, key: str) -> None:
    """One narrative part, edited on the draft or as drafted from the findings (reports.documents.narrative)."""
    text = c["narrative_text"][key]
    for line in text.splitlines():
        if line.strip():
            _para(doc, line.strip())


def _assessment(doc, c: dict) -> None:
    """III. Đánh giá chung: strengths, limitations by content area with the agencies, causes."""
    _para(doc, "III. ĐÁNH GIÁ CHUNG", bold=True)
    _part(doc, c, "assessment")
    _para(doc, "3. Nguyên nhân", bold=True)
    _part(doc, c, "causes")


def _recommendations(doc, c: dict) -> None:
    """IV. Kiến nghị, đề xuất, and the closing sentence."""
    _para(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    _part(doc, c, "recommendations")
    _para(
        doc,
        "Trên đây là báo cáo kết quả kiểm tra của Đoàn kiểm tra, kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
    )


def _signature(doc, header) -> None:
    """Nơi nhận on the left, the signature block on the right."""
    signing = doc.add_table(rows=1, cols=2)
    recipients, sign = signing.rows[0].cells
    _cell_lines(
        recipients,
        [("Nơi nhận:", {"bold": True, "italic": True, "size": 12})]
        + [(f"- {r}", {"size": 11}) for r in header.noi_nhan],
    )
    for paragraph in recipients.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _cell_lines(
        sign,
        [
            (header.sign_authority, {"bold": True, "size": 14}),
            (header.sign_position, {"bold": True, "size": 14}),
            ("", {}),
            ("", {}),
            ("", {}),
            (header.sign_name, {"bold": True, "size": 14}),
        ],
    )


def _annex(doc, rows: list) -> None:
    """Phụ lục I on a new page: one line of results per agency."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "PHỤ LỤC I", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "KẾT QUẢ KIỂM TRA TẠI CÁC CƠ QUAN, ĐƠN VỊ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    heads = ["STT", "Cơ quan, đơn vị", "Ngày kiểm tra", "Số tiêu chí", "Đạt", "Đạt một phần", "Chưa đạt"]
    heads += ["KAD", "Tỷ lệ (%)"]
    annex = doc.add_table(rows=1, cols=len(heads))
    annex.style = "Table Grid"
    for cell, text in zip(annex.rows[0].cells, heads, strict=True):
        _cell_lines(cell, [(text, {"bold": True, "size": 11})])
    for index, row in enumerate(rows, start=1):
        values = [index, row.name, row.dates, row.assessed, row.passed, row.partial, row.failed, row.not_applicable]
        cells = annex.add_row().cells
        for cell, value in zip(cells, [*values, row.rate], strict=True):
            _cell_lines(cell, [(str(value), {"size": 11})])
