"""Fault 6: a report requested inside a transaction that rolls back runs no job.

The job id goes to the broker only on commit (``transaction.on_commit``); a rollback must leave
no row, no message and nothing for a real worker to render.
"""

import time

import pytest
from django.db import transaction

from reports import services as report_services
from reports.models import Document, Kind, RenderJob
from reports.tests.conftest import celery_broker
from tests.faults.processes import wait_until

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("faults")]


class Abort(Exception):
    """Raised inside the transaction to roll it back, as any later error in the same request would."""


def test_fault6_a_request_rolled_back_runs_no_job(services, demo):
    worker = services.worker()
    wait_until(lambda: " ready." in worker.output(), timeout=60, message="the worker to be ready")
    with celery_broker(services.redis.url), pytest.raises(Abort), transaction.atomic():
        job = report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
        assert RenderJob.objects.filter(pk=job.pk).exists()
        raise Abort
    assert not RenderJob.objects.exists() and not Document.objects.exists()
    assert services.redis.queue_length(services.queue) == 0
    time.sleep(3)  # give a stray message time to reach the worker
    assert "Task reports.render[" not in worker.output()
    assert not RenderJob.objects.exists()
