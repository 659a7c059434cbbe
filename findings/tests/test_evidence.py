"""Evidence uploads: content checked (not the name), limits, derivatives, private serving."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conftest import status_set
from findings.models import Evidence
from findings.tests.conftest import image_upload, pdf_upload


def upload(client, visit, file, caption="Bảng niêm yết TTHC"):
    return client.post(
        reverse("findings:evidence_upload", args=[visit.pk]), {"file": file, "caption": caption}, HTTP_HX_REQUEST="true"
    )


@pytest.fixture
def member_client(client, demo):
    client.force_login(demo.users["member"])
    return client


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_photos_are_accepted_with_hash_and_derivatives(member_client, open_visit, fmt):
    response = upload(member_client, open_visit, image_upload(fmt, size=(3000, 2000)))
    assert "Đã tải lên minh chứng" in response.content.decode()
    evidence = Evidence.objects.get(visit=open_visit)
    assert evidence.kind == "photo" and (evidence.width, evidence.height) == (3000, 2000)
    assert len(evidence.sha256) == 64
    with evidence.print_image.open("rb") as f:
        printed = Image.open(f)
        assert printed.format == "JPEG" and max(printed.size) == 1800
    with evidence.thumbnail.open("rb") as f:
        assert max(Image.open(f).size) == 480
    assert "anh" not in evidence.original.name  # stored under a random name, not the uploaded one


def test_an_upload_answers_with_the_evidence_and_a_fresh_finding_form_only(member_client, open_visit):
    html = upload(member_client, open_visit, image_upload()).content.decode()
    assert '<section id="evidence"' in html and "Đã tải lên minh chứng." in html
    assert 'id="finding-new"' in html and 'hx-swap-oob="true"' in html
    assert 'id="findings"' not in html  # the findings list has not changed: not sent again


def test_a_large_phone_photo_keeps_its_size_and_orientation_in_the_derivatives(member_client, open_visit):
    """A 12-megapixel JPEG decodes at half scale for the print copy; the original is untouched."""
    image = Image.effect_noise((4000, 3000), 30).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone upright: shown rotated 90°
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    content = buffer.getvalue()
    upload(member_client, open_visit, SimpleUploadedFile("anh.jpg", content, content_type="image/jpeg"))
    evidence = Evidence.objects.get(visit=open_visit)
    assert (evidence.width, evidence.height) == (4000, 3000)
    with evidence.original.open("rb") as f:
        assert f.read() == content
    with evidence.print_image.open("rb") as f:
        assert Image.open(f).size == (1350, 1800)
    with evidence.thumbnail.open("rb") as f:
        assert Image.open(f).size == (360, 480)


def test_a_truncated_large_photo_is_refused(member_client, open_visit):
    """Even after WeasyPrint, imported for a report in the same process, made Pillow lenient."""
    import weasyprint  # noqa: F401

    buffer = io.BytesIO()
    Image.effect_noise((4000, 3000), 30).convert("RGB").save(buffer, "JPEG", quality=80)
    broken = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    response = upload(member_client, open_visit, SimpleUploadedFile("anh.jpg", broken, content_type="image/jpeg"))
    assert "không phải định dạng đó" in response.content.decode()
    assert not Evidence.objects.filter(visit=open_visit).exists()


def test_capture_time_comes_from_exif_in_vietnam_time(member_client, open_visit):
    upload(member_client, open_visit, image_upload(exif_time="2020:08:20 14:05:00"))
    evidence = Evidence.objects.get(visit=open_visit)
    assert evidence.captured_at.isoformat() == "2020-08-20T07:05:00+00:00"


def test_pdf_is_accepted(member_client, open_visit):
    upload(member_client, open_visit, pdf_upload())
    assert Evidence.objects.get(visit=open_visit).kind == "pdf"


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
            "nội dung tệp này không phải định dạng đó",
        ),
        (
            SimpleUploadedFile(
                "so-do.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "image/svg+xml"
            ),
            "nội dung tệp này không phải định dạng đó",
        ),
        (
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/octet-stream"),
            "nội dung tệp này không phải định dạng đó",
        ),
        (SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 rubbish", "application/pdf"), "Không đọc được tệp PDF"),
        (SimpleUploadedFile("anh.gif", b"GIF89a" + b"\x00" * 50, "image/gif"), "nội dung tệp này không phải"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(member_client, open_visit, file, message):
    response = upload(member_client, open_visit, file)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Evidence.objects.filter(visit=open_visit).exists()


def test_oversized_upload_is_refused(member_client, open_visit, settings):
    settings.UPLOAD_MAX_BYTES = 50_000
    big = image_upload("PNG", size=(400, 400))
    big = SimpleUploadedFile("anh.png", big.read() + b"\x00" * 60_000, "image/png")
    response = upload(member_client, open_visit, big)
    assert "Tệp quá lớn" in response.content.decode() and "giới hạn là" in response.content.decode()
    assert not Evidence.objects.filter(visit=open_visit).exists()


def test_decompression_bomb_is_refused(member_client, open_visit):
    image = Image.new("1", (12000, 12000))  # 144 megapixels in a few kilobytes
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000
    response = upload(member_client, open_visit, SimpleUploadedFile("bom.png", buffer.getvalue(), "image/png"))
    assert "megapixel" in response.content.decode()
    assert not Evidence.objects.filter(visit=open_visit).exists()


def test_caption_is_required_and_nothing_saved(member_client, open_visit):
    response = upload(member_client, open_visit, image_upload(), caption="")
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not Evidence.objects.filter(visit=open_visit).exists()


def test_files_are_served_only_through_the_permission_check(client, open_visit, demo, personas, settings):
    client.force_login(demo.users["member"])
    upload(client, open_visit, image_upload(), caption="Ảnh kiểm tra")
    evidence = Evidence.objects.get(visit=open_visit)
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"  # no public media URL is configured
    for variant in ["goc", "in", "anh-nho"]:
        response = client.get(reverse("findings:evidence_file", args=[evidence.pk, variant]))
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith(("attachment;", "inline;"))
    expected = {
        "anonymous": 302,
        "other_liaison": 404,
        "other_member": 404,
        "liaison": 404,
        "head": 200,
        "office": 200,
        "leader": 200,
    }
    for who, status in expected.items():
        client.logout()
        if personas[who]:
            client.force_login(personas[who])
        assert client.get(reverse("findings:evidence_file", args=[evidence.pk, "in"])).status_code == status, who
    status_set(open_visit, "submitted")
    client.force_login(personas["liaison"])
    assert client.get(reverse("findings:evidence_file", args=[evidence.pk, "in"])).status_code == 200


def test_demo_photos_carry_the_seed_captions(demo):
    captions = set(Evidence.objects.values_list("caption", flat=True))
    assert "Bảng niêm yết công khai TTHC của Bộ phận Tiếp nhận và Trả kết quả huyện Đăk Hà" in captions
    assert any(c.startswith("Công chức Bộ phận Tiếp nhận và Trả kết quả huyện Kon Plông") for c in captions)
