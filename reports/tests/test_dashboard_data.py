"""The charts in the PDF report."""

import datetime

import pytest

from reports.documents.common import DocumentParams
from reports.models import Document, Kind
from reports.rendering import document_render, pdf_text

pytestmark = pytest.mark.django_db


def test_the_report_pdf_carries_the_compliance_charts_inline_and_fetches_nothing_new(demo):
    document = Document.objects.create(kind=Kind.REPORT, plan=demo.plan)
    rendered = document_render(document=document, params=DocumentParams(issued_on=datetime.date(2020, 8, 26)))
    assert rendered.html.count("<svg") == 2 and "<script" not in rendered.html
    assert rendered.fetcher.refused == []
    assert all(url.startswith(("static:", "evidence:")) for url in rendered.fetcher.requested)
    text = pdf_text(rendered.content)
    assert "Tỷ lệ đạt theo nội dung kiểm tra" in text and "Tỷ lệ đạt theo cơ quan, đơn vị" in text
    assert "UBND huyện Ngọc Hồi" in text
