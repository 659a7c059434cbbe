"""Faults 3 and 4: Redis (the broker) stopped at request time, and restarted empty with jobs queued.

The broker is a private ``redis-server`` (the shared one on 6379 is never touched). Recovery is
left to the production machinery: a worker that reconnects by itself and Celery beat running the
report sweep on its own 60 s schedule with the default thresholds. Nothing calls the sweep by hand.
"""

import time

import pytest
from django.urls import reverse

from reports import services as report_services
from reports.models import Kind, RenderJob
from reports.tests.conftest import celery_broker, job_status
from tests.faults.conftest import slow_faults
from tests.faults.processes import wait_until

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("faults")]
BROKER_DOWN = "Hàng đợi xử lý văn bản tạm thời không kết nối được"


def test_fault3_redis_down_at_request_answers_fast_and_the_job_completes_after(services, demo, client):
    services.beat()
    services.worker()
    client.force_login(demo.users["office"])
    url = reverse("reports:report_request", args=[demo.plan.pk])
    with celery_broker(services.redis.url):
        warm = client.post(url, {"fmt": "pdf"})  # the web process holds a live broker connection, as in production
        assert warm.status_code == 302
        warm_job = RenderJob.objects.get()
        wait_until(lambda: job_status(warm_job.pk) == "done", timeout=90, message="the first job, Redis still up")
        services.redis.stop()
        started = time.monotonic()
        response = client.post(url, {"fmt": "pdf"})
        answered = time.monotonic() - started
    assert answered < 2, f"the request took {answered:.2f} s with Redis down"
    assert response.status_code == 302
    assert BROKER_DOWN in client.get(response["Location"]).content.decode()
    job = RenderJob.objects.exclude(pk=warm_job.pk).get()
    assert job.status == RenderJob.Status.QUEUED and job.enqueued_at is None
    services.redis.start()
    back = time.monotonic()
    try:
        wait_until(lambda: job_status(job.pk) == "done", timeout=120, interval=0.5, message="the job after Redis")
    except AssertionError:
        raise AssertionError(services.logs()) from None
    print(f"fault 3: answered in {answered:.2f} s; completed {time.monotonic() - back:.0f} s after Redis was back")
    assert RenderJob.objects.filter(status="done").count() == 2


@slow_faults
def test_fault4_redis_restarted_empty_with_jobs_queued_all_complete(services, demo):
    services.beat()
    visits = list(demo.plan.visits.order_by("pk")[:3])
    with celery_broker(services.redis.url):
        jobs = [report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])]
        jobs += [
            report_services.document_request(plan=demo.plan, kind=Kind.MINUTES, visit=v, user=demo.users["office"])
            for v in visits
        ]
    assert not any(j.enqueue_failed for j in jobs)
    assert services.redis.queue_length(services.queue) == len(jobs)  # queued, no worker yet
    services.redis.stop()
    services.redis.start()
    assert services.redis.queue_length(services.queue) == 0  # the messages are gone; the rows remain
    restarted = time.monotonic()
    services.worker()
    ids = [j.pk for j in jobs]
    try:
        wait_until(
            lambda: RenderJob.objects.filter(pk__in=ids, status="done").count() == len(ids),
            timeout=120,
            interval=0.5,
            message="every queued job within 2 min of the Redis restart",
        )
    except AssertionError:
        states = list(RenderJob.objects.filter(pk__in=ids).values_list("pk", "status", "enqueued_at"))
        raise AssertionError(f"{states}\n{services.logs()}") from None
    print(f"fault 4: {len(ids)} jobs completed {time.monotonic() - restarted:.0f} s after the restart")
    assert RenderJob.objects.filter(pk__in=ids, attempts=1).count() == len(ids)
