"""'Tải lên bản đã ký': only our file with signatures added is accepted; each refusal says why in Vietnamese."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from reports.models import Kind, Signature
from reports.signing.fields import AGENCY_FIELD, SIGNER_FIELD
from reports.signing.testing import make_identity, sign_field
from reports.signing.upload import UNKNOWN_TRUST
from reports.tests.signing_helpers import finalize, offered, upload


@pytest.fixture(scope="module")
def identity():
    return make_identity("Nguyễn Văn A")


def signed_twice(content: bytes, identity) -> bytes:
    return sign_field(sign_field(content, identity, SIGNER_FIELD), identity, AGENCY_FIELD)


def test_a_signed_kon_tum_report_is_accepted_and_becomes_the_issued_copy(client, demo, final_report, identity):
    signed = signed_twice(offered(final_report), identity)
    client.force_login(demo.users["office"])
    page = upload(client, final_report, signed)
    assert "Đã nhận bản đã ký số" in page
    final_report.refresh_from_db()
    assert final_report.signed_file and default_storage.open(final_report.signed_file.name).read() == signed
    assert default_storage.open(final_report.file.name).read() == offered(final_report)  # unsigned kept
    rows = list(Signature.objects.filter(version=final_report).order_by("position"))
    print(
        "Validation:",
        [(s.field_name, s.signer_name, s.subject, s.issuer, s.signing_time, s.intact, s.trust_note) for s in rows],
    )
    assert [(s.field_name, s.signer_name, s.intact, s.trusted) for s in rows] == [
        (SIGNER_FIELD, "Nguyễn Văn A", True, None),
        (AGENCY_FIELD, "Nguyễn Văn A", True, None),
    ]
    assert rows[0].trust_note == UNKNOWN_TRUST and "CA thử nghiệm" in rows[0].issuer and rows[0].signing_time
    download = client.get(reverse("reports:version_download", args=[final_report.pk]))
    assert b"".join(download.streaming_content) == signed
    assert "Nguyễn Văn A" in client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    again = upload(client, final_report, signed)
    assert "đã có bản đã ký; không tải lên lần thứ hai" in again
    assert Signature.objects.filter(version=final_report).count() == 2


def test_with_the_provinces_ca_roots_the_signature_is_trusted(client, demo, final_report, identity, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(identity.ca_pem())
    client.force_login(demo.users["office"])
    with override_settings(SIGNATURE_TRUST_ROOTS=[str(roots)]):
        upload(client, final_report, sign_field(offered(final_report), identity, SIGNER_FIELD))
    assert list(Signature.objects.filter(version=final_report).values_list("trusted", flat=True)) == [True]


def _add_page(writer):
    from pyhanko.pdf_utils import generic

    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
            generic.NameObject("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"BT ET")),
        }
    )
    writer.insert_page(page)


@pytest.mark.parametrize("tamper", ["one_byte", "page_added", "wrong_document", "not_signed", "garbage"])
def test_a_tampered_or_foreign_file_is_refused_with_a_message(
    client, demo, final_report, identity, tamper, django_capture_on_commit_callbacks
):
    content = offered(final_report)
    if tamper == "one_byte":
        signed = bytearray(signed_twice(content, identity))
        signed[len(content) // 2] ^= 0x01
        signed, expected = bytes(signed), "phần đầu tệp khác bản đưa ký"
    elif tamper == "page_added":
        signed, expected = sign_field(content, identity, SIGNER_FIELD, writer_hook=_add_page), "thay đổi nội dung trang"
    elif tamper == "wrong_document":
        other = finalize(demo, django_capture_on_commit_callbacks, kind=Kind.FOLLOWUP)
        signed, expected = sign_field(offered(other), identity, SIGNER_FIELD), "không phải văn bản này"
    elif tamper == "not_signed":
        signed, expected = content + b"\n% comment\n", "chưa có chữ ký số"
    else:
        signed, expected = content + b"\n" + b"\x00garbage" * 1000, "không hợp lệ"
    client.force_login(demo.users["office"])
    page = upload(client, final_report, signed)
    print(f"Refused ({tamper}):", page[page.find("Không nhận tệp") :][:200])
    assert "Không nhận tệp đã ký" in page and expected in page
    final_report.refresh_from_db()
    assert not final_report.signed_file and not Signature.objects.filter(version=final_report).exists()


def test_a_signature_altered_after_signing_is_refused(client, demo, final_report, identity):
    content = offered(final_report)
    signed = bytearray(sign_field(content, identity, SIGNER_FIELD))
    at = signed.rfind(b"/Contents <") + len(b"/Contents <") + 200  # inside the CMS signature value
    signed[at : at + 1] = b"0" if signed[at : at + 1] != b"0" else b"1"
    client.force_login(demo.users["office"])
    page = upload(client, final_report, bytes(signed))
    assert "Không nhận tệp đã ký" in page and ("không toàn vẹn" in page or "không hợp lệ" in page)


def test_uploads_are_bounded_and_only_the_office_may_upload(client, demo, final_report):
    client.force_login(demo.users["office"])
    with override_settings(UPLOAD_MAX_BYTES=1000):
        page = upload(client, final_report, b"%PDF-" + b"0" * 2000)
    assert "Tệp quá lớn" in page
    assert "không đúng định dạng PDF" in upload(client, final_report, b"hello")
    client.force_login(demo.users["head"])
    url = reverse("reports:signed_upload", args=[final_report.pk])
    assert client.post(url, {"signed": SimpleUploadedFile("x.pdf", b"%PDF-1.7", "application/pdf")}).status_code == 403
    client.force_login(demo.users["liaison"])
    assert client.post(url, {"signed": io.BytesIO(b"%PDF-1.7")}).status_code == 404
