"""Final versions are PDF/A-3u, tagged, with their metadata; the file offered for signing has empty fields."""

import datetime
import io

import pikepdf

from reports.archival import pdf_checks
from reports.documents.common import DocumentParams
from reports.rendering import document_render, pdf_text
from reports.signing.fields import AGENCY_FIELD, SIGNER_FIELD
from reports.tests.conftest import KON_TUM_DATE, final_params


def _fields(content: bytes) -> dict:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return {
            str(a.T): (index, [float(v) for v in a.Rect], a.get("/V"))
            for index, page in enumerate(pdf.pages)
            for a in page.obj.get("/Annots") or []
            if a.get("/FT") == "/Sig"
        }


def test_a_final_report_is_pdfa_3u_tagged_with_its_metadata_and_embedded_fonts(report_document):
    issued_at = datetime.datetime(2020, 8, 26, 2, 30, tzinfo=datetime.UTC)
    content = document_render(document=report_document, params=final_params(created=issued_at)).content
    checks = pdf_checks(content)
    print("PDF/A checks:", checks)
    assert (checks["pdfa_part"], checks["pdfa_conformance"]) == ("3", "U")
    assert checks["output_intent"] == "/GTS_PDFA1"
    assert checks["fonts"] > 0 and checks["fonts_embedded"]
    assert checks["tagged"] and not checks["encrypted"] and not checks["javascript"]
    assert checks["info_matches_xmp"]  # also after pyHanko's update (the signature fields)
    assert checks["title"].startswith("BÁO CÁO") and checks["language"] == "vi"
    assert "ĐOÀN KIỂM TRA" in checks["author"] and checks["subject"]
    assert checks["created"] == "2020-08-26T09:30:00+07:00"  # the issue time, Vietnam time


def test_a_draft_stays_plain_pdf(report_document):
    content = document_render(document=report_document, params=DocumentParams(issued_on=KON_TUM_DATE)).content
    checks = pdf_checks(content)
    assert checks["pdfa_part"] is None and not _fields(content)


def test_the_offered_file_has_empty_signature_fields_over_the_signature_block_and_unchanged_pages(report_document):
    content = document_render(document=report_document, params=final_params()).content
    fields = _fields(content)
    assert set(fields) == {SIGNER_FIELD, AGENCY_FIELD}
    (page, signer, value), (agency_page, seal, _v) = fields[SIGNER_FIELD], fields[AGENCY_FIELD]
    assert value is None and page == agency_page
    with pikepdf.open(io.BytesIO(content)) as pdf:  # the page that has the signature block
        from pypdf import PdfReader

        assert "TM. ĐOÀN KIỂM TRA" in PdfReader(io.BytesIO(content)).pages[page].extract_text()
        assert len(pdf.pages) > page
    assert signer[0] < seal[2] < signer[2] and seal[0] < signer[0]  # the seal over the signer's left third
    assert signer[0] > 250  # in the right-hand signature column
    # the fields are an incremental update: the first revision (WeasyPrint + XMP) is a prefix, pages unchanged
    start = content.rfind(b"%%EOF", 0, content.rfind(b"%%EOF")) + len(b"%%EOF")
    first = content[: start + 1] if content[start : start + 1] == b"\n" else content[:start]
    with pikepdf.open(io.BytesIO(first)) as before, pikepdf.open(io.BytesIO(content)) as after:
        assert [p.Contents.read_bytes() for p in before.pages] == [p.Contents.read_bytes() for p in after.pages]
    assert "Nguyễn Văn A" in pdf_text(content)
