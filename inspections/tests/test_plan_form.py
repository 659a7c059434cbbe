"""Every rule on the plan form gives a Vietnamese message, re-shows the input and saves nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Plan


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def plan_data(demo, **overrides):
    data = {
        "number": "25/KH-UBND",
        "issued_on": "15/01/2021",
        "issuer": demo.plan.issuer_id,
        "year": "2021",
        "title": "Kiểm tra công tác kiểm soát TTHC năm 2021",
        "purpose": "",
        "content_areas": "Công khai TTHC",
        "period_start": "01/03/2021",
        "period_end": "31/03/2021",
        "status": "draft",
    }
    data.update(overrides)
    return data


def _pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_office_creates_a_plan_with_dates_typed_as_dd_mm_yyyy(office_client, demo):
    response = office_client.post(reverse("inspections:plan_create"), plan_data(demo))
    plan = Plan.objects.get(number="25/KH-UBND")
    assert response.status_code == 302
    assert plan.period_start.isoformat() == "2021-03-01"
    page = office_client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    assert "01/03/2021 – 31/03/2021" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"number": "25-KH-UBND"}, "phải có dạng số/ký hiệu"),
        ({"number": "7/KH-UBND"}, "phải ghi thêm số 0"),
        ({"number": "25/QĐ-UBND"}, "mã loại văn bản “KH”"),
        (
            {
                "number": "1978/KH-UBND",
                "issued_on": "01/02/2020",
                "year": "2020",
                "period_start": "01/03/2020",
                "period_end": "30/03/2020",
            },
            "đã có kế hoạch mang số, ký hiệu này trong năm",
        ),
        ({"period_end": "01/02/2021"}, "Ngày kết thúc kiểm tra phải sau hoặc trùng ngày bắt đầu"),
        ({"period_start": "10/01/2021"}, "không thể bắt đầu trước ngày ban hành kế hoạch"),
        ({"issued_on": "31/02/2021"}, "Nhập một ngày hợp lệ"),
        ({"title": ""}, "Trường này là bắt buộc"),
        ({"year": "2030"}, "Năm kiểm tra phải gần với năm ban hành"),
    ],
)
def test_bad_plan_input_is_refused_with_a_message_and_nothing_saved(office_client, demo, overrides, message):
    count = Plan.objects.count()
    data = plan_data(demo, **overrides)
    response = office_client.post(reverse("inspections:plan_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Chưa có gì được lưu" in page
    assert f'value="{data["number"]}"' in page  # what was typed is shown again
    assert Plan.objects.count() == count


def test_same_number_is_allowed_in_another_year(office_client, demo):
    data = plan_data(demo, number="1978/KH-UBND")
    response = office_client.post(reverse("inspections:plan_create"), data)
    assert response.status_code == 302
    assert Plan.objects.filter(number="1978/KH-UBND").count() == 2


def test_signed_scan_must_really_be_a_pdf(office_client, demo):
    fake = SimpleUploadedFile("ke-hoach.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = office_client.post(reverse("inspections:plan_create"), {**plan_data(demo), "signed_scan": fake})
    assert "Tệp không phải là PDF" in response.content.decode()
    assert not Plan.objects.filter(number="25/KH-UBND").exists()


def test_signed_scan_is_stored_under_a_generated_name_and_served_through_the_view(office_client, demo):
    upload = SimpleUploadedFile("../../etc/passwd.pdf", _pdf_bytes(), content_type="application/pdf")
    response = office_client.post(reverse("inspections:plan_create"), {**plan_data(demo), "signed_scan": upload})
    assert response.status_code == 302
    plan = Plan.objects.get(number="25/KH-UBND")
    assert "passwd" not in plan.signed_scan.name and ".." not in plan.signed_scan.name
    download = office_client.get(reverse("inspections:plan_scan", args=[plan.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_decomposed_text_is_stored_as_nfc(office_client, demo):
    import unicodedata

    title = unicodedata.normalize("NFD", "Kiểm tra đột xuất tại Đắk Hà")
    office_client.post(reverse("inspections:plan_create"), plan_data(demo, title=title))
    plan = Plan.objects.get(number="25/KH-UBND")
    assert plan.title == unicodedata.normalize("NFC", title)
    assert Plan.objects.search("dak ha").filter(pk=plan.pk).exists()
