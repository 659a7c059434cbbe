"""The Kon Tum report and the per-visit documents, checked in the PDF's own text and fonts."""

import datetime
import io
import re
import unicodedata

from pypdf import PdfReader

from findings.models import Finding
from inspections.models import Visit
from reports.documents.common import DocumentParams
from reports.models import Document, Kind
from reports.rendering import document_render, pdf_text
from reports.tests.conftest import final_params

KON_TUM_AGENCIES = [
    "Sở Tài nguyên và Môi trường",
    "Sở Kế hoạch và Đầu tư",
    "Sở Nội vụ",
    "Sở Tài chính",
    "UBND huyện Ngọc Hồi, tỉnh Kon Tum",
    "UBND huyện Đắk Hà, tỉnh Kon Tum",
    "UBND huyện Kon Plông, tỉnh Kon Tum",
    "UBND huyện Sa Thầy, tỉnh Kon Tum",
]


def nfc(text: str) -> str:
    """NFC with runs of white space (line breaks of the layout) made single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


normalised = nfc


def test_the_kon_tum_report_contains_what_the_office_signs(report_document):
    rendered = document_render(document=report_document, params=final_params())
    text = normalised(pdf_text(rendered.content))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH KON TUM",
        "ĐOÀN KIỂM TRA",
        "Số: 15/BC-ĐKT",
        "Kon Tum, ngày 26 tháng 8 năm 2020",
        "BÁO CÁO",
        "Kính gửi: Ủy ban nhân dân tỉnh Kon Tum",
        "Nơi nhận:",
        "TM. ĐOÀN KIỂM TRA",
        "TRƯỞNG ĐOÀN",
        "Nguyễn Văn A",
        "1978/KH-UBND",
        "398/QĐ-UBND",
        "PHỤ LỤC I",
        "Bảng niêm yết công khai TTHC của Bộ phận Tiếp nhận và Trả kết quả huyện Đăk Hà",
    ]:
        assert nfc(expected) in text, expected
    for agency in KON_TUM_AGENCIES:
        assert nfc(agency) in text, agency
    limitations = set(
        Finding.objects.limitations().filter(visit__plan=report_document.plan).values_list("description", flat=True)
    )
    assert len(limitations) == 5  # the five of the Kon Tum report
    for limitation in limitations:
        assert nfc(limitation) in text, limitation
    assert "DỰ THẢO" not in text
    assert rendered.fetcher.refused == []
    assert "static:reports/document.css" in rendered.fetcher.requested
    assert len([url for url in rendered.fetcher.requested if url.startswith("evidence:")]) == 2


def test_fonts_are_embedded_liberation_serif_and_vietnamese_extracts(report_document):
    rendered = document_render(document=report_document, params=final_params())
    reader = PdfReader(io.BytesIO(rendered.content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("Liberation-Serif" in name for name in fonts), fonts
    text = nfc(pdf_text(rendered.content))
    for word in ["Ngọc Hồi", "Đắk Hà", "Kon Plông", "Sa Thầy", "Phiếu xin lỗi", "thủ tục hành chính"]:
        assert word in text


def test_page_numbers_start_on_page_two(report_document):
    rendered = document_render(document=report_document, params=final_params())
    reader = PdfReader(io.BytesIO(rendered.content))
    assert rendered.pages >= 3
    first = reader.pages[0].extract_text().split()
    second = reader.pages[1].extract_text().split()
    assert first[0] != "1"
    assert "2" in second[:1] + second[-1:]


def test_a_draft_has_the_mark_and_a_blank_number(report_document):
    rendered = document_render(document=report_document, params=DocumentParams(issued_on=datetime.date(2020, 8, 26)))
    text = pdf_text(rendered.content)
    assert "DỰ THẢO" in unicodedata.normalize("NFC", text)
    assert re.search(r"Số:\s+/BC-ĐKT", unicodedata.normalize("NFC", text))


def test_minutes_have_both_sides_signature_blocks(demo):
    visit = demo.visit("Ngọc Hồi")
    document = Document.objects.create(kind=Kind.MINUTES, plan=demo.plan, visit=visit)
    rendered = document_render(document=document, params=final_params(number=3, issued_on=datetime.date(2020, 8, 18)))
    text = normalised(pdf_text(rendered.content))
    for expected in [
        "BIÊN BẢN",
        "Số: 03/BB-ĐKT",
        "Kon Tum, ngày 18 tháng 8 năm 2020",
        "UBND huyện Ngọc Hồi, tỉnh Kon Tum",
        "THƯ KÝ",
        "CHỦ TỌA",
        "ĐẠI DIỆN UBND HUYỆN NGỌC HỒI",
        "08 giờ 00",
        "11 giờ 30",
    ]:
        assert nfc(expected) in text, expected
    # Mẫu 1.9 (issue 16): one block per signer; the head signs once, as chair, not also "TM. ĐOÀN KIỂM TRA".
    assert "TM. ĐOÀN KIỂM TRA" not in text and text.count("CHỦ TỌA") == 1


def test_conclusion_lists_limitations_with_the_remediation_deadline(demo):
    visit = demo.visit("Ngọc Hồi")
    document = Document.objects.create(kind=Kind.CONCLUSION, plan=demo.plan, visit=visit)
    params = final_params(number=7, issued_on=datetime.date(2020, 9, 4), deadline=datetime.date(2020, 10, 4))
    text = normalised(pdf_text(document_render(document=document, params=params).content))
    assert "Số: 07/TB-ĐKT" in text
    assert nfc("Kính gửi: UBND huyện Ngọc Hồi, tỉnh Kon Tum") in text
    assert nfc("Kon Tum, ngày 04 tháng 9 năm 2020") in text
    # Ngọc Hồi's two limitations became actions when the conclusion was issued (15/09/2020):
    # the notice prints each action's own deadline, not the document-wide default.
    assert text.count("Trước ngày 15/10/2020") == 2 and "Trước ngày 04/10/2020" not in text
    assert nfc(Finding.objects.limitations().get(visit=visit, item__code="3.3").description) in text


def test_conclusion_before_any_action_uses_the_requested_deadline(demo):
    visit = demo.visit("Ngọc Hồi")
    visit.actions.all().delete()
    Visit.objects.filter(pk=visit.pk).update(conclusion_issued_on=None, remediation_deadline=None)
    document = Document.objects.create(kind=Kind.CONCLUSION, plan=demo.plan, visit=visit)
    params = final_params(number=7, issued_on=datetime.date(2020, 9, 4), deadline=datetime.date(2020, 10, 4))
    text = normalised(pdf_text(document_render(document=document, params=params).content))
    assert text.count("Trước ngày 04/10/2020") == 2


def test_a_document_dated_after_the_2025_merger_keeps_2020_agency_names_but_the_new_place(report_document):
    params = final_params(issued_on=datetime.date(2025, 9, 1))
    text = normalised(pdf_text(document_render(document=report_document, params=params).content))
    assert nfc("Quảng Ngãi, ngày 01 tháng 9 năm 2025") in text
    assert nfc("UBND TỈNH QUẢNG NGÃI") in text
    assert nfc("UBND huyện Ngọc Hồi, tỉnh Kon Tum") in text


def test_followup_report_lists_each_action_with_status_and_dates(demo):
    document = Document.objects.create(kind=Kind.FOLLOWUP, plan=demo.plan)
    params = final_params(number=21, issued_on=datetime.date(2020, 11, 2))
    text = normalised(pdf_text(document_render(document=document, params=params).content))
    assert "Số: 21/BC-ĐKT" in text and nfc("Kết quả khắc phục tồn tại, hạn chế") in text
    assert nfc("Tổng số biện pháp khắc phục: 13; đã khắc phục và được xác minh: 6") in text
    assert nfc("trong đó quá hạn: 5") in text  # 4 open + 1 returned, past 15/10/2020 on 02/11/2020
    for name in ["UBND huyện Ngọc Hồi, tỉnh Kon Tum", "Sở Nội vụ, tỉnh Kon Tum"]:
        assert nfc(name) in text
    assert "05/10/2020" in text and "12/10/2020" in text  # reported and verified dates
