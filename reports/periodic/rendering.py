"""The periodic report upward as a Báo cáo (NĐ 30/2020 header, number, date line, signature) or as XLSX.

The PDF goes through the document pipeline's own pieces: ``templates/reports/pdf/base.html`` (the
header and signature every document prints), ``reports.rendering.html_to_pdf`` with a
``SafeFetcher`` that serves the app's static CSS only.
"""

import datetime

from django.template.loader import render_to_string

from reports.documents.common import Header, as_of
from reports.formatting import DRAFT_NUMBER_BLANK, date_line, place_name, upper_vi
from reports.periodic.figures import Figures
from reports.rendering import Rendered, SafeFetcher, html_to_pdf
from tthc_inspect.xlsx import Book
from units.models import Kind, Level

TYPE_CODE = "BC"
# The addressee of the upward report: [U] (domain.md §9) — TT 01/2020/TT-VPCP names the VPCP reporting
# system; the office changes it here or in the PDF's draft before signing.
KINH_GUI = ["Văn phòng Chính phủ (Cục Kiểm soát thủ tục hành chính)"]
NOI_NHAN = ["Như trên", "Chủ tịch, các Phó Chủ tịch UBND tỉnh", "Lưu: VT, KSTT"]


def _province(agency):
    area = agency.area if agency else None
    while area is not None and area.level != Level.PROVINCE:
        area = area.parent
    return area


def periodic_header(figures: Figures, *, issuer, issued_on: datetime.date, number, signer_name, signer_position):
    issuer = as_of(issuer, issued_on) if issuer else None
    parent = issuer.parent if issuer and issuer.parent_id else None
    code = "VP" if issuer is None or issuer.kind == Kind.OFFICE else "UBND"  # Số: …/BC-VP (Văn phòng UBND tỉnh)
    position = upper_vi(signer_position or "Chánh Văn phòng")
    return Header(
        parent=upper_vi(parent.name) if parent else "",
        body=upper_vi(issuer.name) if issuer else "",
        number=f"{DRAFT_NUMBER_BLANK if number is None else f'{number:02d}'}/{TYPE_CODE}-{code}",
        date_line=date_line(place_name(as_of(_province(issuer), issued_on)) if issuer else "", issued_on),
        type_title="BÁO CÁO",
        summary=f"{figures.title} {figures.period.label}",
        draft=number is None,
        kinh_gui=KINH_GUI,
        noi_nhan=NOI_NHAN,
        sign_authority="KT. CHÁNH VĂN PHÒNG" if position.startswith("PHÓ") else "",
        sign_position=position,
        sign_name=signer_name,
    )


def periodic_pdf(figures: Figures, header: Header) -> Rendered:
    context = {
        "header": header,
        "figures": figures,
        "kind": "periodic",
        "unconfirmed": any(not r.confirmed for r in figures.rows),
    }
    html = render_to_string("reports/pdf/periodic.html", context)
    fetcher = SafeFetcher()
    content, pages = html_to_pdf(html, fetcher)
    return Rendered(content, pages, fetcher, html)


def periodic_xlsx(figures: Figures, header: Header) -> Rendered:
    book = Book(title=header.summary)
    sheet = book.sheet(str(figures.period))
    sheet.row([header.parent])
    sheet.row([header.body])
    sheet.row([f"{header.type_title}: {header.summary}"], bold=True, size=13)
    sheet.row([f"Từ {figures.period.start:%d/%m/%Y} đến {figures.period.end:%d/%m/%Y}"])
    sheet.row(["STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú", "Đã đối chiếu biểu mẫu chính thức"], bold=True)
    for row in figures.rows:
        sheet.row(
            [
                row.code,
                row.label,
                row.unit,
                row.value,
                row.note,
                "" if row.heading else ("có" if row.confirmed else "chưa"),
            ],
            bold=row.heading,
        )
    sheet.widths([8, 70, 12, 12, 50, 16])
    sheet.freeze("A6")
    return Rendered(book.content(), None)
