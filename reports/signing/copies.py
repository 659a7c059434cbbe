"""'Sao y điện tử' (NĐ 30/2020 Phụ lục I part II): the copy stamp at the top right of page 1, and a field.

The stamp — form of copy (SAO Y, SAO LỤC, TRÍCH SAO), copying agency, time in ISO 8601 Vietnam time,
Times New Roman-metric Liberation Serif 10 pt, black — is laid out by WeasyPrint on a page of the
same size, imported as a form XObject and drawn over page 1 of the issued file in an incremental
update (the issued file's bytes, signatures included, stay first and unchanged; a validator reports
the later change, as it should for a copy). The same update adds the empty field ``CoQuanSaoY``
for the copying agency's signature over the stamp.
"""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone

from reports.signing.fields import COPY_FIELD, TOP_RIGHT_BOX, FieldBox, signature_fields_add

STAMP_NAME = "/SaoY"


def copy_time(moment: datetime.datetime) -> str:
    """ISO 8601 in Vietnam time: ``2026-12-02T14:05:09+07:00``."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def stamp_page(*, form_label: str, agency: str, moment: datetime.datetime, number: str, size_pt) -> bytes:
    """A one-page PDF, as large as the original's page 1, with only the stamp in its top right corner."""
    from weasyprint import HTML

    html = render_to_string(
        "reports/pdf/copy_stamp.html",
        {
            "form": form_label.upper(),
            "agency": agency,
            "time": copy_time(moment),
            "number": number,
        },
    )
    return HTML(string=html, base_url="static:").write_pdf()


def _page_size(content: bytes) -> tuple[float, float]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    box = PdfFileReader(io.BytesIO(content), strict=False).root["/Pages"]["/Kids"][0].get_object()["/MediaBox"]
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def electronic_copy(issued: bytes, *, form_label: str, agency: str, moment: datetime.datetime, number: str) -> bytes:
    """The issued file + one incremental update: the copy stamp on page 1 and the copying agency's field."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    width, height = _page_size(issued)
    stamp = stamp_page(form_label=form_label, agency=agency, moment=moment, number=number, size_pt=(width, height))
    writer = IncrementalPdfFileWriter(io.BytesIO(issued), strict=False)
    xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(stamp)))
    resources = generic.DictionaryObject(
        {generic.NameObject("/XObject"): generic.DictionaryObject({generic.NameObject(STAMP_NAME): xobject})}
    )
    draw = writer.add_object(generic.StreamObject(stream_data=f"q {STAMP_NAME} Do Q".encode()))
    writer.add_stream_to_page(0, draw, resources=resources)
    out = io.BytesIO()
    writer.write(out)
    right, top = width - 15 * 72 / 25.4, height - 5 * 72 / 25.4
    box = (right - TOP_RIGHT_BOX[0], top - TOP_RIGHT_BOX[1], right, top)
    return signature_fields_add(out.getvalue(), [FieldBox(COPY_FIELD, 0, box)])
