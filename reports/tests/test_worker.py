"""Real services: a Celery worker over Redis renders jobs; a killed worker and a dead broker lose nothing.

These run on PostgreSQL (the worker subprocess must see the test database) and Redis
(database 14, a queue per test). Locally they skip when either is missing; under CI
(TTHC_REQUIRE_SERVICES=1) a missing service is a failure.
"""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reports import services
from reports.models import Kind, RenderJob
from reports.tests.conftest import (
    celery_broker,
    ensure_role_groups,
    job_status,
    redis_db,
    require_postgresql,
    wait_for,
)

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("celery-worker")]


@pytest.fixture
def broker(redis_available, transactional_db):
    require_postgresql()
    ensure_role_groups()
    return redis_db(redis_available, 14)  # each test's queue keys are removed by ``test_queue``


def output_files(job: RenderJob) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / Path(job.storage_name).parent
    return sorted(folder.glob(f"*{job.token}*")) + sorted(folder.glob(".tmp-*"))


def test_a_job_runs_through_a_real_worker_and_redis(broker, test_queue, workers, demo):
    workers(broker, test_queue)
    with celery_broker(broker):
        job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    assert job.enqueue_failed is False
    wait_for(lambda: job_status(job.pk) == "done", timeout=60, message="the worker to render the report")
    job.refresh_from_db()
    assert job.attempts == 1 and job.pages >= 3
    assert [p.name for p in output_files(job)] == [f"{job.token}.pdf"]
    assert output_files(job)[0].read_bytes().startswith(b"%PDF-")


def test_a_worker_killed_mid_render_leads_to_exactly_one_document(broker, test_queue, workers, demo):
    slow = workers(broker, test_queue, delay=60)
    with celery_broker(broker):
        job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
        wait_for(
            lambda: RenderJob.objects.filter(pk=job.pk, status="running", progress__gte=40).exists(),
            timeout=60,
            message="the slow worker to be in the middle of the render",
        )
        slow.kill()
        assert job_status(job.pk) == "running" and output_files(job) == []
        # The beat sweep finds the job without a heartbeat (stale_after=0 here instead of the hard limit + 60 s).
        assert services.jobs_sweep(stale_after=0, resend_after=0)["requeued"] == 1
        workers(broker, test_queue)
        wait_for(lambda: job_status(job.pk) == "done", timeout=60, message="a new worker to finish the job")
    job.refresh_from_db()
    assert job.attempts == 2
    assert RenderJob.objects.filter(version=job.version, status="done").count() == 1
    assert [p.name for p in output_files(job)] == [f"{job.token}.pdf"]
    time.sleep(1)  # a late duplicate delivery would claim nothing and write nothing
    assert [p.name for p in output_files(job)] == [f"{job.token}.pdf"]


def test_a_request_made_while_the_broker_is_down_completes_after_the_sweep(broker, test_queue, workers, demo, client):
    client.force_login(demo.users["office"])
    with celery_broker("redis://127.0.0.1:1/14"):  # nothing listens on port 1
        started = time.monotonic()
        response = client.post(reverse("reports:report_request", args=[demo.plan.pk]), {"fmt": "pdf"})
        assert time.monotonic() - started < 2
    assert response.status_code == 302
    job = RenderJob.objects.get()
    assert job.status == RenderJob.Status.QUEUED and job.enqueued_at is None
    assert "Hàng đợi xử lý văn bản tạm thời không kết nối được" in client.get(response["Location"]).content.decode()
    workers(broker, test_queue)
    with celery_broker(broker):
        assert services.jobs_sweep(resend_after=0)["resent"] == 1
    wait_for(lambda: job_status(job.pk) == "done", timeout=60, message="the re-sent job to complete")
