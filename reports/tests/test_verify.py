"""/xac-thuc/<code>/: the QR code's page. Anyone: existence, number, date; who may see: the details."""

import io

from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

NUMBER = "01/BC-ĐKT"


def test_the_first_page_footer_prints_the_code_and_the_verification_url(final_report):
    content = default_storage.open(final_report.file.name).read()
    first = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    code = final_report.verification_code
    assert len(code) >= 22 and f"Mã xác thực: {code}" in first
    assert f"/xac-thuc/{code}/" in "".join(first.split())  # the URL may wrap in the footer
    assert "Mã xác thực" not in PdfReader(io.BytesIO(content)).pages[1].extract_text()


def test_anyone_learns_only_existence_number_and_date(client, personas, final_report):
    url = reverse("reports:verify", args=[final_report.verification_code])
    page = client.get(url).content.decode()
    assert "Mã xác thực hợp lệ" in page and NUMBER in page and "26/08/2020" in page
    assert final_report.sha256 not in page and "Cơ quan ban hành" not in page
    client.force_login(personas["other_liaison"])
    assert final_report.sha256 not in client.get(url).content.decode()


def test_who_may_see_the_document_gets_hash_issuer_signatures_and_status(
    client,
    demo,
    final_report,
    django_capture_on_commit_callbacks,
):
    from reports import services

    client.force_login(demo.users["head"])
    url = reverse("reports:verify", args=[final_report.verification_code])
    page = client.get(url).content.decode()
    assert final_report.sha256 in page and "UBND tỉnh Kon Tum" in page and "đang có hiệu lực" in page
    office = demo.users["office"]
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.document_request(plan=demo.plan, kind=final_report.document.kind, user=office)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_finalize(
            document=draft.version.document, user=office, issued_on=final_report.issued_on,
            signer_name="Nguyễn Văn A", signer_position="Trưởng đoàn",
        )  # fmt: skip
    assert "đã được thay thế" in client.get(url).content.decode()


def test_unknown_codes_are_404_and_lookups_are_rate_limited(client, final_report):
    assert client.get(reverse("reports:verify", args=["khong-co-ma-nay"])).status_code == 404
    url = reverse("reports:verify", args=[final_report.verification_code])
    with override_settings(VERIFY_RATE_LIMIT=3):
        codes = [client.get(url).status_code for _ in range(5)]
    assert codes[:2] == [200, 200] and codes[-1] == 429
