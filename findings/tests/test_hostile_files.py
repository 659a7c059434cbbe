"""Hostile PDFs are refused with the usual message, never a 500; a phone's multi-picture JPEG is a JPEG (issue 13).

Every upload that may be a PDF goes through one reader (``tthc_inspect.forms.pdf_page_count``):
evidence of a visit, evidence of a remediation report, and the plan's signed scan.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from findings.evidence_files import evidence_check
from findings.models import Evidence, RemediationAction
from inspections.models import Plan
from inspections.tests.test_plan_form import plan_data
from tthc_inspect.forms import check_pdf_upload

BAD_PDF = "Không đọc được tệp PDF"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with the given objects (1 is the catalogue) and a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def deep_page_tree(depth: int = 150) -> bytes:
    """One page under ``depth`` nested /Pages nodes (pypdf stops at 100 with LimitReachedError)."""
    nodes = [
        b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (b"/Parent %d 0 R " % (n - 1) if n > 2 else b"", n + 1)
        for n in range(2, depth + 2)
    ]
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *nodes, page])


HOSTILE_PDFS = {
    "page tree 150 deep": deep_page_tree(150),
    "page tree 5000 deep": deep_page_tree(5000),
    "page tree that is its own kid": _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] >>"]),
    "kids not an array": _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids 5 /Count 1 >>"]),
    "100,000 nested arrays": _pdf([b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 100_000 + b"]" * 100_000 + b" >>"]),
    "cut short": deep_page_tree(3)[:60],
}


def upload(content: bytes, name: str = "tai-lieu.pdf", kind: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.mark.parametrize("case", sorted(HOSTILE_PDFS))
def test_every_pypdf_failure_is_the_usual_message(case):
    for check in (check_pdf_upload, evidence_check):
        with pytest.raises(ValidationError) as refused:
            check(upload(HOSTILE_PDFS[case]))
        assert BAD_PDF in str(refused.value.messages[0]), (case, check.__name__)


def test_a_deep_page_tree_is_refused_as_visit_evidence_and_nothing_is_stored(client, demo, open_visit):
    client.force_login(demo.users["member"])
    response = client.post(
        reverse("findings:evidence_upload", args=[open_visit.pk]),
        {"file": upload(deep_page_tree()), "caption": "Biên bản"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and BAD_PDF in response.content.decode()
    assert not Evidence.objects.filter(visit=open_visit).exists()


def test_a_deep_page_tree_is_refused_as_a_remediation_report(client, demo):
    action = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status=RemediationAction.Status.OPEN)
    client.force_login(demo.users["liaison"])
    data = {"text": "Đã làm", "caption": "Biên bản", "revision": action.revision, "file": upload(deep_page_tree())}
    response = client.post(reverse("findings:action_report", args=[action.pk]), data)
    assert response.status_code == 200 and BAD_PDF in response.content.decode()
    action.refresh_from_db()
    assert action.status == RemediationAction.Status.OPEN and action.report_evidence.count() == 0


def test_a_deep_page_tree_is_refused_as_the_plans_signed_scan(client, demo):
    client.force_login(demo.users["office"])
    data = {**plan_data(demo), "signed_scan": upload(deep_page_tree())}
    response = client.post(reverse("inspections:plan_create"), data)
    assert response.status_code == 200 and BAD_PDF in response.content.decode()
    assert not Plan.objects.filter(number=data["number"]).exists()


def mpo(size=(2400, 1600)) -> bytes:
    """Two pictures in one file, as phones write them (Multi-Picture Object): a red one, then a blue one."""
    first, second = Image.new("RGB", size, (200, 20, 20)), Image.new("RGB", size, (20, 20, 200))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    return buffer.getvalue()


def test_a_multi_picture_jpeg_is_accepted_as_jpeg_with_derivatives_of_its_first_picture(client, demo, open_visit):
    client.force_login(demo.users["member"])
    content = mpo()
    response = client.post(
        reverse("findings:evidence_upload", args=[open_visit.pk]),
        {"file": upload(content, "IMG_0001.JPG", "image/jpeg"), "caption": "Bảng niêm yết"},
        HTTP_HX_REQUEST="true",
    )
    assert "Đã tải lên minh chứng" in response.content.decode()
    evidence = Evidence.objects.get(visit=open_visit)
    assert (evidence.kind, evidence.extension, evidence.width, evidence.height) == ("photo", "jpg", 2400, 1600)
    with evidence.original.open("rb") as f:
        assert f.read() == content  # the original is kept as uploaded
    for derivative, longest in ((evidence.print_image, 1800), (evidence.thumbnail, 480)):
        with derivative.open("rb") as f:
            picture = Image.open(f)
            assert picture.format == "JPEG" and max(picture.size) == longest
            red, _green, blue = picture.convert("RGB").getpixel((10, 10))
            assert red > 150 and blue < 60  # the first picture, not the second
    served = client.get(reverse("findings:evidence_file", args=[evidence.pk, "goc"]))
    assert served["Content-Type"] == "image/jpeg"


def test_a_multi_picture_jpeg_is_accepted_as_a_remediation_report(client, demo):
    action = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status=RemediationAction.Status.OPEN)
    client.force_login(demo.users["liaison"])
    data = {
        "text": "Đã làm",
        "caption": "Ảnh",
        "revision": action.revision,
        "file": upload(mpo(), "a.jpg", "image/jpeg"),
    }
    response = client.post(reverse("findings:action_report", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == RemediationAction.Status.REPORTED
    assert [e.extension for e in action.report_evidence.all()] == ["jpg"]
