"""Issue 16: long content never breaks the layout of any document.

Every document (Báo cáo, Biên bản, Thông báo, Báo cáo kết quả khắc phục) is rendered with 5,000-character
texts and a 250-character unbroken token in the findings, causes, recommendations, minutes and actions:
- every word of the input is in the ``pdftotext`` output (the token is checked with line breaks removed);
- no glyph lies outside the page box (pdfplumber);
- no page is less than a third full, except the last page of the body and of each annex (an annex
  starts on a new page by rule);
- a table that continues on the next page repeats its header row there.
"""

import datetime
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata

import pdfplumber
import pytest

from conftest import need_service
from findings.models import RemediationAction, VisitMinutes
from findings.remediation.services import conclusion_issue
from reports.models import Document, Kind
from reports.rendering import document_render
from reports.tests.conftest import final_params
from reports.tests.quang_ngai import quang_ngai_plan

MM = 72 / 25.4
MARGIN_TOP = 20 * MM
MARGIN_BOTTOM = 20 * MM
WORDS = [
    "hồ",
    "sơ",
    "thủ",
    "tục",
    "niêm",
    "yết",
    "công",
    "khai",
    "tiếp",
    "nhận",
    "Trung",
    "tâm",
    "Phục",
    "vụ",
    "địa",
    "giới",
    "hành",
    "chính",
    "trực",
    "tuyến",
    "bưu",
    "chính",
    "ủy",
    "quyền",
    "dữ",
    "liệu",
]


def long_text(seed: str, length: int = 5000) -> str:
    """A ~5,000-character text of distinct numbered words, then one 250-character token."""
    words, n = [], 0
    while sum(len(w) + 1 for w in words) < length - 260:
        words.append(f"{WORDS[n % len(WORDS)]}{seed}{n}")
        n += 1
    token = (seed.upper() + "X" * 250)[:250]
    return " ".join(words) + " " + token


def pdftotext(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        need_service("poppler-utils", "pdftotext not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode("utf-8"))


def assert_layout(content: bytes, texts: list[str], label: str) -> None:
    text = pdftotext(content)
    words = set(text.split())
    squeezed = re.sub(r"\s+", "", text)
    for source in texts:
        *plain, token = source.split()
        missing = [w for w in plain if w not in words]
        assert not missing, (label, missing[:5])
        assert token in squeezed, (label, "token")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = pdf.pages
        for number, page in enumerate(pages, start=1):
            outside = [
                c
                for c in page.chars
                if c["x0"] < -0.5 or c["x1"] > page.width + 0.5 or c["top"] < -0.5 or c["bottom"] > page.height + 0.5
            ]
            assert not outside, (label, number, "".join(c["text"] for c in outside[:20]))
        texts_by_page = [page.extract_text() or "" for page in pages]
        for index, page in enumerate(pages[:-1]):
            if "PHỤ LỤC" in unicodedata.normalize("NFC", texts_by_page[index + 1])[:200]:
                continue  # the last page of the body: the annex starts on a new page by rule
            body = [c for c in page.chars if c["top"] > MARGIN_TOP and c["text"].strip()]
            usable = page.height - MARGIN_TOP - MARGIN_BOTTOM
            filled = (max(c["bottom"] for c in body) - MARGIN_TOP) / usable if body else 0
            assert filled >= 1 / 3, (label, index + 1, round(filled, 2))


def header_repeated(content: bytes, header: list[str]) -> bool:
    """A table split over pages shows its header cells' first words (``header``) on each page it spans."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = [unicodedata.normalize("NFC", " ".join((p.extract_text() or "").split())) for p in pdf.pages]
    spanned = [i for i, t in enumerate(pages) if "XXXXXXXXXX" in t or "Trước ngày" in t]
    return len(spanned) > 1 and all(all(word in pages[i] for word in header) for i in spanned)


@pytest.fixture
def qn_long(demo):
    texts = {"finding": long_text("a"), "minutes": long_text("m"), "action": long_text("k")}
    qn = quang_ngai_plan(long_text=texts["finding"], office_user=demo.users["member"])
    VisitMinutes.objects.create(
        visit=qn.done,
        summary=texts["minutes"],
        team_participants=long_text("t", 600),
        chair="Lê Thị Hoa",
        agency_signer_name="Nguyễn Thị Giám",
        agency_signer_position="Giám đốc",
    )
    conclusion_issue(visit=qn.done, issued_on=datetime.date(2026, 4, 20), user=demo.users["office"])
    RemediationAction.objects.filter(visit=qn.done).update(report_text=texts["action"])
    return qn, texts


def _render(qn, kind, visit=None) -> bytes:
    document, _ = Document.objects.get_or_create(kind=kind, plan=qn.plan, visit=visit)
    params = final_params(issued_on=datetime.date(2026, 4, 20), deadline=datetime.date(2026, 5, 20))
    return document_render(document=document, params=params).content


def test_the_report_with_long_findings(qn_long):
    qn, texts = qn_long
    assert_layout(_render(qn, Kind.REPORT), [texts["finding"]], "Báo cáo")


def test_the_conclusion_with_long_findings_repeats_its_table_header(qn_long):
    qn, texts = qn_long
    content = _render(qn, Kind.CONCLUSION, qn.done)
    assert_layout(content, [texts["finding"]], "Thông báo")
    assert header_repeated(content, ["STT", "Tồn tại, hạn chế", "Yêu cầu khắc phục", "Thời hạn"])


def test_the_minutes_with_a_long_summary(qn_long):
    qn, texts = qn_long
    assert_layout(_render(qn, Kind.MINUTES, qn.done), [texts["finding"], texts["minutes"]], "Biên bản")


def test_the_followup_report_with_long_actions(qn_long):
    qn, texts = qn_long
    content = _render(qn, Kind.FOLLOWUP)
    assert_layout(content, [texts["action"]], "Báo cáo kết quả khắc phục")
    assert header_repeated(content, ["STT", "Biện pháp", "Tình trạng", "Ngày xác"])
