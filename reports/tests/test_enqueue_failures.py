"""Any failure to publish a render job leaves it queued and says so: never an HTTP 500 over a committed row.

Issue 13: on an install from requirements.txt alone kombu's Redis transport could not import
``packaging``; the ModuleNotFoundError escaped the enqueue (only KombuError and OSError were
caught) and the request answered 500 although its job row was committed. These tests break the
publish in that way and in others, through the real on_commit path (transactional_db).
"""

import sys

import kombu.transport
import pytest
from django.urls import reverse

from reports import services
from reports.models import Kind, RenderJob
from reports.tasks import report_render
from reports.tests.conftest import celery_broker, ensure_role_groups

BROKER_DOWN = "Hàng đợi xử lý văn bản tạm thời không kết nối được"
NOWHERE = "redis://127.0.0.1:1/14"  # nothing listens on port 1


def without_packaging(monkeypatch):
    """Kombu's Redis transport as it loads where ``packaging`` is not installed (a fresh requirements.txt venv)."""
    monkeypatch.setattr(kombu.transport, "_transport_cache", {})
    monkeypatch.delitem(sys.modules, "kombu.transport.redis", raising=False)
    monkeypatch.setitem(sys.modules, "packaging", None)
    monkeypatch.setitem(sys.modules, "packaging.version", None)


def publish_raises(monkeypatch):
    """Anything else going wrong inside the publish (a bug, a serializer, a library change)."""

    def broken(*args, **kwargs):
        raise RuntimeError("publish broke")

    monkeypatch.setattr(report_render, "apply_async", broken)


FAILURES = {"packaging-missing": without_packaging, "publish-raises": publish_raises}


@pytest.fixture
def committed(transactional_db):
    ensure_role_groups()


@pytest.mark.parametrize("failure", FAILURES)
def test_a_request_whose_publish_fails_answers_the_queued_message(client, committed, demo, monkeypatch, failure):
    client.force_login(demo.users["office"])
    with celery_broker(NOWHERE):
        FAILURES[failure](monkeypatch)
        response = client.post(reverse("reports:report_request", args=[demo.plan.pk]), {"fmt": "pdf"})
        monkeypatch.undo()
    assert response.status_code == 302
    job = RenderJob.objects.get()
    assert job.status == RenderJob.Status.QUEUED and job.enqueued_at is None  # the sweep sends it later
    page = client.get(response["Location"]).content.decode()
    assert BROKER_DOWN in page and "Đang chờ xử lý" in page


@pytest.mark.parametrize("failure", FAILURES)
def test_finalize_and_retry_whose_publish_fails_keep_their_rows_and_say_so(
    client, committed, demo, monkeypatch, failure
):
    office = demo.users["office"]
    draft = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=office)  # rendered eagerly
    client.force_login(office)
    document = draft.version.document
    with celery_broker(NOWHERE):
        FAILURES[failure](monkeypatch)
        finalize = client.post(
            reverse("reports:document_finalize", args=[document.pk]),
            {"number": "15", "issued_on": "26/08/2020", "signer_name": "Nguyễn Văn A", "signer_position": "Chủ tịch"},
        )
        RenderJob.objects.filter(pk=draft.pk).update(status=RenderJob.Status.FAILED)
        retry = client.post(reverse("reports:job_retry", args=[draft.pk]))
        swept = services.jobs_sweep(resend_after=0)  # beat's sweep meets the same failure and carries on
        monkeypatch.undo()
    assert finalize.status_code == 302 and retry.status_code == 302
    final = RenderJob.objects.get(final=True)
    assert final.status == RenderJob.Status.QUEUED and final.version.is_final
    draft.refresh_from_db()
    assert draft.status == RenderJob.Status.QUEUED and draft.enqueued_at is None
    assert swept["resent"] == 0
    page = client.get(finalize["Location"]).content.decode()
    assert page.count(BROKER_DOWN) == 2
