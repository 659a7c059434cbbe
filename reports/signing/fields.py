"""Empty signature fields on a final PDF, placed as Phụ lục I part II of NĐ 30/2020 describes.

- the signer's (``NguoiKy``): over the signature block, the space between the position and the name
  (the template marks it with ``id="chu-ky-nguoi-ky"``; WeasyPrint gives its box as an anchor);
- the agency's (``CoQuan``): the red seal, about 36 mm, over the left third of the signer's image;
- a copy or an appendix in its own file: the agency's field only, at the top right of page 1
  (where it prints the number, symbol and signing time).

pyHanko adds the fields in an incremental update: the bytes WeasyPrint wrote stay first, unchanged,
and no page content stream changes (only the AcroForm and the page's /Annots gain entries).
"""

import io
from dataclasses import dataclass

CSS_PX_TO_PT = 0.75
MM = 72 / 25.4
SIGNER_ANCHOR = "chu-ky-nguoi-ky"
SIGNER_FIELD, AGENCY_FIELD, COPY_FIELD = "NguoiKy", "CoQuan", "CoQuanSaoY"
SIGNER_WIDTH, SEAL_SIZE = 60 * MM, 36 * MM
TOP_RIGHT_BOX = (80 * MM, 16 * MM)  # width, height of the agency's field on a copy or appendix
PAGE_MARGIN_RIGHT, PAGE_MARGIN_TOP = 15 * MM, 5 * MM


@dataclass(frozen=True)
class FieldBox:
    name: str
    page: int
    box: tuple[float, float, float, float]  # PDF points, (x1, y1, x2, y2) from the bottom left


def signature_block_boxes(pages) -> list[FieldBox]:
    """The signer's and the agency's fields of a laid-out WeasyPrint document (its ``pages``).

    Without the anchor (a template that has no signature block) both go to the top right of page 1.
    """
    for index, page in enumerate(pages):
        if SIGNER_ANCHOR in page.anchors:
            left, top, right, bottom = (v * CSS_PX_TO_PT for v in page.anchors[SIGNER_ANCHOR])
            height = page.height * CSS_PX_TO_PT
            centre = (left + right) / 2
            x1, x2 = centre - SIGNER_WIDTH / 2, centre + SIGNER_WIDTH / 2
            y1, y2 = height - bottom, height - top
            seal_right = x1 + SIGNER_WIDTH / 3
            seal_middle = (y1 + y2) / 2
            seal = (seal_right - SEAL_SIZE, seal_middle - SEAL_SIZE / 2, seal_right, seal_middle + SEAL_SIZE / 2)
            return [FieldBox(SIGNER_FIELD, index, (x1, y1, x2, y2)), FieldBox(AGENCY_FIELD, index, seal)]
    return [FieldBox(SIGNER_FIELD, 0, top_right_box(pages[0])), FieldBox(AGENCY_FIELD, 0, top_right_box(pages[0]))]


def top_right_box(page) -> tuple[float, float, float, float]:
    """The agency's place on a copy or an appendix: the top right corner of page 1."""
    width, height = page.width * CSS_PX_TO_PT, page.height * CSS_PX_TO_PT
    right, top = width - PAGE_MARGIN_RIGHT, height - PAGE_MARGIN_TOP
    return (right - TOP_RIGHT_BOX[0], top - TOP_RIGHT_BOX[1], right, top)


def signature_fields_add(content: bytes, boxes: list[FieldBox]) -> bytes:
    """``content`` followed by one incremental update adding an empty signature field per box."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    for field in boxes:
        box = tuple(round(v, 2) for v in field.box)
        append_signature_field(writer, SigFieldSpec(field.name, on_page=field.page, box=box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
