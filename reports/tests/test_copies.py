"""'Sao y điện tử': the copy stamp at the top right of page 1 and a field for the copying agency."""

import io
import re

import pikepdf
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ElectronicCopy
from reports.signing.fields import COPY_FIELD, SIGNER_FIELD
from reports.signing.testing import make_identity, sign_field
from reports.tests.signing_helpers import offered, upload

ISO_VN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00")


def test_an_electronic_copy_of_the_signed_report_carries_the_stamp_and_the_copying_agencys_field(
    client,
    demo,
    final_report,
):
    identity = make_identity()
    signed = sign_field(offered(final_report), identity, SIGNER_FIELD)
    client.force_login(demo.users["office"])
    upload(client, final_report, signed)
    response = client.post(
        reverse("reports:copy_create", args=[final_report.pk]),
        {"form": "SY", "agency_name": "Văn phòng UBND tỉnh Kon Tum"},
        follow=True,
    )
    assert "Đã tạo bản sao điện tử" in response.content.decode()
    copy = ElectronicCopy.objects.get(version=final_report)
    content = default_storage.open(copy.file.name).read()
    assert content.startswith(signed)  # the signed issued file, unchanged, then the copy's update
    first_page = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "SAO Y" in first_page and "Văn phòng UBND tỉnh Kon Tum" in first_page and ISO_VN.search(first_page)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        fields = {str(a.T): [float(v) for v in a.Rect] for a in page.obj.Annots if a.get("/FT") == "/Sig"}
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
    box = fields[COPY_FIELD]
    assert box[0] > width / 2 and box[3] > height - 30  # top right of page 1
    # the copying agency signs its field like any other
    copy_signed = sign_field(content, identity, COPY_FIELD)
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    last = PdfFileReader(io.BytesIO(copy_signed)).embedded_signatures[-1]
    assert last.field_name == COPY_FIELD and validate_pdf_signature(last).intact
    download = client.get(reverse("reports:copy_download", args=[copy.pk]))
    assert b"".join(download.streaming_content) == content
    client.force_login(demo.users["head"])
    url = reverse("reports:copy_create", args=[final_report.pk])
    assert client.post(url, {"form": "SY", "agency_name": "X"}).status_code == 403
