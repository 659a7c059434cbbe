"""Turning a document context into bytes: HTML → PDF with WeasyPrint, DOCX, XLSX.

``document_render`` is the one entry point: the Celery job (through
``reports.services.job_run``) and ``manage.py render_report`` both call it.

WeasyPrint is given a ``SafeFetcher``: it serves only the app's own static files
(through the staticfiles finders) and the print-size derivatives of the evidence
photos the context selected (``evidence:<id>``). Every other URL — ``file:``,
``http(s):``, ``data:``, a path outside the static folders — is refused and recorded,
so a test can assert that nothing was fetched. User text reaches the HTML only through
Django's autoescaping, never inside ``<style>`` or attributes that load resources.
"""

import io
import logging
import mimetypes
import posixpath
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.archival import PDFA_OPTIONS, pdf_xmp_language
from reports.documents import document_context
from reports.documents.common import DocumentParams
from reports.models import Document, Kind, RenderJob
from reports.signing.fields import signature_block_boxes, signature_fields_add

logger = logging.getLogger(__name__)
# The job's progress (%) after each step of a render: data read, HTML written, PDF laid out.
PROGRESS_CONTEXT, PROGRESS_HTML, PROGRESS_LAID_OUT = 25, 40, 80
LOGGED_URL_CHARS = 200  # of a refused URL, in the log (a data: URL can be megabytes)
# WeasyPrint logs every layout step at INFO; keep worker logs to what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATES = {
    Kind.REPORT: "reports/pdf/report.html",
    Kind.MINUTES: "reports/pdf/minutes.html",
    Kind.CONCLUSION: "reports/pdf/conclusion.html",
    Kind.FOLLOWUP: "reports/pdf/followup.html",
}
STATIC_SUFFIXES = {".css", ".png", ".jpg", ".jpeg"}
Progress = Callable[[int], None]


class FetchRefused(ValueError):
    """WeasyPrint asked for a URL outside the allow-list."""


class SafeFetcher(URLFetcher):
    """Serves ``static:<path>`` and ``evidence:<id>`` only; records what was asked and what was refused."""

    def __init__(self, evidence: dict[int, str] | None = None):
        super().__init__(timeout=1, allowed_protocols=set(), allow_redirects=False, fail_on_errors=False)
        self.evidence = dict(evidence or {})
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        scheme, _, rest = url.partition(":")
        try:
            if scheme == "static":
                return self._static(url, rest)
            if scheme == "evidence":
                return self._evidence(url, rest)
            raise FetchRefused(url)
        except FetchRefused:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %r", url[:LOGGED_URL_CHARS])
            raise

    def _static(self, url: str, rest: str) -> URLFetcherResponse:
        path = posixpath.normpath(rest)
        if rest != path or path.startswith(("/", "..")) or posixpath.splitext(path)[1].lower() not in STATIC_SUFFIXES:
            raise FetchRefused(url)
        found = finders.find(path)
        if not found:
            raise FetchRefused(url)
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _evidence(self, url: str, rest: str) -> URLFetcherResponse:
        if not rest.isdigit() or int(rest) not in self.evidence:
            raise FetchRefused(url)
        with default_storage.open(self.evidence[int(rest)], "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": "image/jpeg"})


@dataclass
class Rendered:
    content: bytes
    pages: int | None
    fetcher: SafeFetcher | None = None
    html: str = ""


def document_html(document: Document, params: DocumentParams, context: dict | None = None) -> str:
    context = context or document_context(document=document, params=params)
    extra = {"kind": document.kind, "params": params, "verify": verification_footer(params.verification_code)}
    return render_to_string(TEMPLATES[document.kind], {**context, **extra, "meta": document_meta(context, params)})


def document_meta(context: dict, params: DocumentParams) -> dict:
    """The XMP metadata a final PDF carries: author (the issuing body), subject, creation time."""
    header = context.get("header")
    author = " – ".join(part for part in (getattr(header, "body", ""), getattr(header, "parent", "")) if part)
    created = timezone.localtime(params.created).isoformat(timespec="seconds") if params.created else ""
    return {"author": author, "subject": getattr(header, "summary", ""), "created": created}


def verification_footer(code: str) -> dict | None:
    """The verification code, its URL and its QR code (inline SVG, segno) for the footer of page 1."""
    if not code:
        return None
    import segno

    url = settings.VERIFY_BASE_URL.rstrip("/") + reverse("reports:verify", args=[code])
    # segno draws the SVG from our own URL (the code is URL-safe base64): no user text reaches it.
    svg = segno.make(url, error="m").svg_inline(scale=2, border=0)
    return {"code": code, "url": url, "qr_svg": mark_safe(svg)}  # noqa: S308


def evidence_paths(context: dict) -> dict[int, str]:
    """{evidence id: stored print image} of the photos a context prints: the only evidence the PDF fetcher may read."""
    return {photo["id"]: photo["path"] for photo in context.get("photos", []) if photo.get("path")}


def html_to_pdf(
    html: str, fetcher: SafeFetcher, progress: Progress | None = None, *, archival: bool = False
) -> tuple[bytes, int]:
    """WeasyPrint alone: layout, then write. Used by the pipeline and by the benchmark's engine floor.

    ``archival`` (final versions): PDF/A-3u, tagged, ``dc:language`` in the XMP, then the empty
    signature fields in an incremental update (reports/archival.py, reports/signing/fields.py).
    """
    document = HTML(string=html, base_url="static:", url_fetcher=fetcher).render()
    if progress:
        progress(PROGRESS_LAID_OUT)
    if not archival:
        return document.write_pdf(), len(document.pages)
    content = pdf_xmp_language(document.write_pdf(**PDFA_OPTIONS), document.metadata.lang or "vi")
    return signature_fields_add(content, signature_block_boxes(document.pages)), len(document.pages)


def document_render(
    *, document: Document, params: DocumentParams, fmt: str = RenderJob.Format.PDF, progress: Progress | None = None
) -> Rendered:
    """Render one document version to bytes; ``progress`` receives percentages as the work advances."""
    progress = progress or (lambda pct: None)
    context = document_context(document=document, params=params)
    progress(PROGRESS_CONTEXT)
    if fmt == RenderJob.Format.XLSX:
        from reports.spreadsheet import plan_xlsx

        return Rendered(plan_xlsx(document.plan), None)
    if fmt == RenderJob.Format.DOCX:
        from reports.wordprocessing import report_docx

        return Rendered(report_docx(context), None)
    html = document_html(document, params, context)
    progress(PROGRESS_HTML)
    delay = getattr(settings, "REPORTS_RENDER_DELAY", 0)
    if delay:  # test hook: makes a render slow enough to kill a worker in the middle of it
        time.sleep(delay)
    fetcher = SafeFetcher(evidence_paths(context))
    content, pages = html_to_pdf(html, fetcher, progress, archival=params.final)
    return Rendered(content, pages, fetcher, html)


def pdf_text(content: bytes) -> str:
    """The text of a PDF (pypdf), for checks and tests."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
