"""The office requests the Kon Tum report, watches its progress without reloading, downloads the PDF."""

from pathlib import Path

import pytest

from reports import services
from reports.models import RenderJob
from reports.tests.conftest import celery_broker, ensure_role_groups
from tests.conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def kon_tum(transactional_db):
    ensure_role_groups()


def test_office_requests_watches_and_downloads_the_report(kon_tum, demo, page):
    login(page, "office")
    page.goto(f"/ke-hoach/{demo.plan.pk}/")
    panel = page.locator('#van-ban [data-document-kind="report"]')  # beside it: the follow-up report
    panel.get_by_role("heading", name="Báo cáo kết quả kiểm tra").wait_for()
    page.evaluate("window.__notReloaded = true")
    # The broker takes the message but no worker runs yet: the job stays queued on screen.
    with celery_broker("memory://"):
        panel.get_by_label("Ngày văn bản").fill("26/08/2020")
        panel.get_by_role("button", name="Tạo dự thảo PDF").click()
        page.locator("main").get_by_text("Đã gửi yêu cầu tạo văn bản").wait_for()
    job = RenderJob.objects.get()
    status = page.locator(f"#job-{job.pk}")
    status.get_by_text("Đang chờ xử lý").wait_for()
    assert status.locator("progress").count() == 1
    page.evaluate("window.__notReloaded = true")

    assert services.job_run(job_id=job.pk) == "done"  # the worker's part

    status.get_by_role("link", name="Tải PDF").wait_for(timeout=10000)  # htmx polling, every second
    assert page.evaluate("window.__notReloaded") is True
    assert "Hoàn thành" in status.inner_text()
    with page.expect_download() as download:
        status.get_by_role("link", name="Tải PDF").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    assert download.value.suggested_filename == "bao-cao-1978-kh-ubnd-v1-du-thao.pdf"
