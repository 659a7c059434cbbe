"""DOCX and XLSX from the same context, and ``manage.py render_report`` through the same renderer."""

import io

from django.core.management import call_command
from docx import Document as Docx
from openpyxl import load_workbook

from findings.models import Finding
from reports.models import RenderJob
from reports.rendering import document_render, pdf_text
from reports.tests.conftest import final_params


def test_the_report_as_docx_has_the_same_header_and_findings(report_document):
    content = document_render(document=report_document, params=final_params(), fmt=RenderJob.Format.DOCX).content
    doc = Docx(io.BytesIO(content))
    header = " ".join(cell.text for cell in doc.tables[0].rows[0].cells)
    assert "UBND TỈNH KON TUM" in header and "ĐOÀN KIỂM TRA" in header and "Số: 15/BC-ĐKT" in header
    assert "Kon Tum, ngày 26 tháng 8 năm 2020" in header
    body = "\n".join(p.text for p in doc.paragraphs)
    limitations = set(
        Finding.objects.limitations().filter(visit__plan=report_document.plan).values_list("description", flat=True)
    )
    assert len(limitations) == 5
    for limitation in limitations:
        assert limitation in body
    assert round(doc.sections[0].left_margin.mm) == 30 and doc.styles["Normal"].font.size.pt == 14


def test_the_results_as_xlsx_with_formula_like_text_kept_as_text(demo, report_document):
    finding = Finding.objects.filter(kind=Finding.Kind.LIMITATION).order_by("pk").first()
    finding.description = '=HYPERLINK("http://169.254.169.254","x")'
    finding.save()
    content = document_render(document=report_document, params=final_params(), fmt=RenderJob.Format.XLSX).content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Tổng hợp", "Kết quả tiêu chí", "Phát hiện"]
    summary = list(book["Tổng hợp"].iter_rows(min_row=2, values_only=True))
    assert len(summary) == 8 and summary[4][1] == "UBND huyện Ngọc Hồi, tỉnh Kon Tum"
    cells = [row[3] for row in book["Phát hiện"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://169.254.169.254","x")' in cells


def test_render_report_command_writes_the_plans_report(demo, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("render_report", "1978/KH-UBND", "--output", str(output), "--final", "--number", "15",
                 "--signer", "Nguyễn Văn A", "--date", "26/08/2020")  # fmt: skip
    text = " ".join(pdf_text(output.read_bytes()).split())
    assert "Số: 15/BC-ĐKT" in text and "Kon Tum, ngày 26 tháng 8 năm 2020" in text
    tb = tmp_path / "tb.pdf"
    call_command("render_report", "1978/KH-UBND", "--kind", "conclusion", "--agency", "ngoc hoi",
                 "--date", "04/09/2020", "-o", str(tb))  # fmt: skip
    text = " ".join(pdf_text(tb.read_bytes()).split())
    assert "DỰ THẢO" in text and "Trước ngày 15/10/2020" in text  # the actions' own deadlines
    docx = tmp_path / "r.docx"
    call_command("render_report", "1978/KH-UBND", "--format", "docx", "-o", str(docx))
    assert docx.read_bytes()[:2] == b"PK"
    assert not RenderJob.objects.exists()
