"""Issue 16: the Biên bản follows Mẫu 1.9 — one block per signer, none twice, the signatures on the page of
the last paragraph — and the minutes form warns about each missing field before a document is requested."""

import datetime
import io

import pdfplumber
import pytest
from django.urls import reverse

from findings.models import VisitMinutes
from reports.models import Document, Kind
from reports.rendering import document_render, pdf_text
from reports.tests.conftest import final_params
from reports.tests.quang_ngai import quang_ngai_plan
from reports.tests.test_report_render import nfc


@pytest.fixture
def qn(demo):
    return quang_ngai_plan(office_user=demo.users["member"])


def _minutes_pdf(qn, **fields) -> bytes:
    VisitMinutes.objects.update_or_create(visit=qn.done, defaults=fields)
    document, _ = Document.objects.get_or_create(kind=Kind.MINUTES, plan=qn.plan, visit=qn.done)
    return document_render(document=document, params=final_params(issued_on=datetime.date(2026, 4, 6))).content


def test_one_block_per_signer_and_the_roster_is_not_repeated(qn):
    content = _minutes_pdf(
        qn,
        team_participants="Lê Thị Hoa - Trưởng đoàn\nÔng Trần Khách, chuyên viên Sở Nội vụ (mời tham dự)",
        agency_signer_name="Nguyễn Thị Giám",
        agency_signer_position="Giám đốc",
    )
    text = nfc(pdf_text(content))
    assert text.count("CHỦ TỌA") == 1 and text.count("THƯ KÝ") == 1 and "TM. ĐOÀN KIỂM TRA" not in text
    assert text.count("Lê Thị Hoa") == 3  # roster, "Chủ trì", the chair's signature: never a second signature
    assert text.count("Võ Thị Lan") == 3  # roster, "Thư ký", the secretary's signature
    assert "Lê Thị Hoa - Trưởng đoàn" not in text and nfc("Ông Trần Khách, chuyên viên Sở Nội vụ") in text
    assert nfc("Chủ trì (chủ tọa): Lê Thị Hoa.") in text and nfc("Thư ký (người ghi biên bản): Võ Thị Lan.") in text
    assert nfc("ĐẠI DIỆN TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH QUẢNG NGÃI") in text


def test_the_signatures_stay_on_the_page_of_the_last_paragraph(qn):
    long_summary = "\n".join(f"Nội dung làm việc đoạn {n}: " + "trao đổi về hồ sơ trực tuyến " * 12 for n in range(14))
    for extra in range(0, 12, 3):  # whatever the length, the last page never holds only signatures
        content = _minutes_pdf(qn, summary=long_summary + "\nThêm " * extra, chair="Lê Thị Hoa")
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            last = nfc(pdf.pages[-1].extract_text() or "")
        assert "CHỦ TỌA" in last and "Biên bản đã được đọc lại" in last, extra


def test_the_minutes_form_and_the_panel_warn_about_each_missing_field(client, demo, qn):
    client.force_login(demo.users["office"])
    page = client.get(reverse("findings:minutes", args=[qn.done.pk])).content.decode()
    for warning in ["Chưa nhập Chủ trì", "Chưa nhập Thư ký", "Chưa nhập thời gian kết thúc"]:
        assert warning in page, warning
    panel = client.get(reverse("inspections:visit_detail", args=[qn.done.pk])).content.decode()
    assert "Chưa nhập thời gian kết thúc" in panel
    start = datetime.datetime(2026, 4, 6, 8, 0, tzinfo=datetime.UTC)
    VisitMinutes.objects.update_or_create(
        visit=qn.done,
        defaults={
            "chair": "Lê Thị Hoa",
            "secretary": "Võ Thị Lan",
            "started_at": start,
            "ended_at": start + datetime.timedelta(hours=3),
            "agency_signer_name": "Nguyễn Thị Giám",
        },
    )
    page = client.get(reverse("findings:minutes", args=[qn.done.pk])).content.decode()
    assert "Chưa nhập" not in page
