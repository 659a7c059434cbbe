""" "Tải báo cáo tổng hợp": the overview as PDF through the Celery job, with the page's figures (issue 18)."""

import io
import re

import pdfplumber
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reports.dashboards.printing import dashboard_print_run
from reports.models import DashboardPrint
from units.templatetags.ui import rate

pytestmark = pytest.mark.django_db


def _words(text: str) -> str:
    return " ".join(text.split())  # splits at no-break spaces too ("72,5\u00a0%")


def _pdf_words(content: bytes) -> str:
    """The PDF's words in reading order (pdfplumber), one space between them."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return _words(" ".join(page.extract_text() or "" for page in pdf.pages))


def test_the_pdf_shows_the_figures_of_the_page(client, demo, django_capture_on_commit_callbacks):
    cache.clear()
    office = demo.users["office"]
    client.force_login(office)
    page = client.get(reverse("dashboards:overview"), {"year": 2020})
    assert "Tải báo cáo tổng hợp" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly (settings_test)
        response = client.post(reverse("dashboards:print_request") + "?" + page.context["query"])
    job = DashboardPrint.objects.get(requested_by=office)
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:print_status", args=[job.pk])
    assert job.status == DashboardPrint.Status.DONE, job.error
    assert job.query == page.context["query"] and job.today == timezone.localdate()
    assert dashboard_print_run(job_id=job.pk) == "skipped"  # a duplicate delivery does nothing

    status = client.get(reverse("dashboards:print_status", args=[job.pk]))
    assert reverse("dashboards:print_download", args=[job.pk]) in status.content.decode()
    download = client.get(reverse("dashboards:print_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    text = _pdf_words(b"".join(download.streaming_content))

    ctx = page.context
    for row in ctx["agencies"]:
        assert _words(f"{row['name']}") in text
        assert _words(f"{row['passed']} / {row['partial']} / {row['failed']} {rate(row['rate'])}") in text
    for row in ctx["sections"]:
        assert (
            _words(f"{row['passed']} {row['partial']} {row['failed']} {row['not_applicable']} {rate(row['rate'])}")
            in text
        )
    remediation = ctx["remediation"]
    for row in remediation["states"]:
        assert f"{row['label']} {row['n']}" in text
    assert f"Tổng số biện pháp {remediation['counts']['total']}" in text
    assert f"{remediation['overdue']['n']} / {remediation['counts']['total']}" in text
    for row in ctx["visits"]:
        assert f"{row['label']} {row['n']}" in text
    assert re.search(r"Tỷ lệ đạt theo nội dung kiểm tra", text)
    assert text.count("Tỷ lệ đạt theo nội dung kiểm tra") >= 2  # the heading and the chart's title


def test_someone_elses_print_is_a_404(client, demo, personas):
    job = DashboardPrint.objects.create(
        query="year=2020", today=timezone.localdate(), requested_by=demo.users["office"]
    )
    client.force_login(demo.users["leader"])
    assert client.get(reverse("dashboards:print_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("dashboards:print_download", args=[job.pk])).status_code == 404
