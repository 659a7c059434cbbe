"""WeasyPrint fetches only our static files and the job's own evidence; user text stays text."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from findings.models import Evidence, Finding
from reports.rendering import FetchRefused, SafeFetcher, document_render, pdf_text
from reports.tests.conftest import final_params


@pytest.fixture
def trap_server():
    """A loopback HTTP server that records every request it receives."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { background: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "data:text/css,body{}",
        "static:../../tthc_inspect/settings.py",
        "static:/etc/passwd",
        "static:reports/../../../etc/passwd.css",
        "static:reports/nope.css",
        "evidence:999",
        "evidence:../1",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files_and_the_jobs_evidence(url):
    fetcher = SafeFetcher({1: "evidence/1/a-print.jpg"})
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_document_stylesheet():
    fetcher = SafeFetcher()
    response = fetcher.fetch("static:reports/document.css")
    assert b"@page" in response.read()
    assert fetcher.refused == []


def test_hostile_user_text_is_printed_not_fetched_or_embedded(demo, report_document, trap_server):
    base, hits = trap_server
    hostile = (
        f'<img src="file:///etc/passwd"><link rel="stylesheet" href="{base}/a.css">'
        f"<style>@import url({base}/b.css); @import url(http://169.254.169.254/latest);</style>"
        f'<a rel="attachment" href="file:///etc/passwd">x</a><img src="{base}/c.png">'
        '<object data="file:///etc/hostname"></object><div style="background:url(file:///etc/passwd)">y</div>'
    )
    visit = demo.visit("Ngọc Hồi")
    finding = Finding.objects.filter(visit=visit, kind=Finding.Kind.LIMITATION).order_by("pk").first()
    finding.description = f"Nội dung {hostile}"
    finding.save()
    photo = Evidence.objects.filter(kind=Evidence.Kind.PHOTO).order_by("pk").first()
    photo.caption = f'Ảnh <img src="{base}/d.png"> @import url({base}/e.css)'
    photo.save()

    rendered = document_render(document=report_document, params=final_params())

    assert hits == []
    assert rendered.fetcher.refused == []
    assert all(url.startswith(("static:reports/", "evidence:")) for url in rendered.fetcher.requested)
    reader = PdfReader(io.BytesIO(rendered.content))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    text = " ".join(pdf_text(rendered.content).split())
    assert "<link rel=" in text and "@import url(" in text  # shown as text, escaped
    assert "&lt;" not in rendered.html.split("<body", 1)[0]
    assert '<img src="file:' not in rendered.html and "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in rendered.html
