"""Jobs: request → row → on_commit → task → service; claims, versions, freezing, retries and the sweep."""

import datetime
import hashlib
import time

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from inspections.models import Visit
from reports import services
from reports.models import Document, DocumentVersion, Kind, RenderJob
from reports.rendering import pdf_text
from reports.tests.conftest import celery_broker


def request_report(demo, capture, **kwargs) -> RenderJob:
    with capture(execute=True):
        job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"], **kwargs)
    job.refresh_from_db()
    return job


def test_a_request_creates_a_job_that_renders_on_commit(demo, django_capture_on_commit_callbacks):
    job = request_report(demo, django_capture_on_commit_callbacks)
    assert job.status == RenderJob.Status.DONE
    assert job.progress == 100 and job.attempts == 1 and job.pages >= 3
    assert job.started_at <= job.finished_at and job.enqueued_at is not None
    content = default_storage.open(job.file.name).read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == job.sha256
    assert job.file.name == job.storage_name and job.token in job.file.name
    version = job.version
    assert version.status == DocumentVersion.Status.DRAFT and version.version == 1
    assert version.issued_on == demo.plan.period_end


def test_nothing_is_enqueued_before_the_transaction_commits(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == RenderJob.Status.QUEUED and job.enqueued_at is None


def test_a_duplicate_delivery_does_nothing(demo, django_capture_on_commit_callbacks):
    job = request_report(demo, django_capture_on_commit_callbacks)
    finished = job.finished_at
    assert services.job_run(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1 and job.finished_at == finished


def test_drafts_regenerate_into_the_same_version(demo, django_capture_on_commit_callbacks):
    first = request_report(demo, django_capture_on_commit_callbacks)
    second = request_report(demo, django_capture_on_commit_callbacks, issued_on=datetime.date(2020, 8, 28))
    assert first.version_id == second.version_id
    assert second.version.issued_on == datetime.date(2020, 8, 28)
    assert first.file.name != second.file.name


def test_docx_and_xlsx_jobs(demo, django_capture_on_commit_callbacks):
    docx = request_report(demo, django_capture_on_commit_callbacks, fmt=RenderJob.Format.DOCX)
    xlsx = request_report(demo, django_capture_on_commit_callbacks, fmt=RenderJob.Format.XLSX)
    assert docx.status == xlsx.status == RenderJob.Status.DONE
    assert docx.file.name.endswith(".docx") and xlsx.file.name.endswith(".xlsx")
    assert default_storage.open(docx.file.name).read(2) == b"PK"


def test_a_final_version_is_frozen_and_a_correction_is_a_new_version(demo, django_capture_on_commit_callbacks):
    office = demo.users["office"]
    draft_job = request_report(demo, django_capture_on_commit_callbacks)
    document = draft_job.version.document
    with django_capture_on_commit_callbacks(execute=True):
        final_job = services.document_finalize(
            document=document,
            user=office,
            number=15,
            issued_on=datetime.date(2020, 8, 26),
            signer_name="Nguyễn Văn A",
            signer_position="Trưởng đoàn",
        )
    version = DocumentVersion.objects.get(pk=final_job.version_id)
    assert version.is_final and version.number == 15 and version.finalized_by == office
    content = default_storage.open(version.file.name).read()
    assert hashlib.sha256(content).hexdigest() == version.sha256
    text = pdf_text(content)
    assert "Số: 15/BC-ĐKT" in text and "DỰ THẢO" not in text

    with pytest.raises(services.DocumentError):
        services.document_finalize(
            document=document, user=office, number=16, issued_on=datetime.date(2020, 8, 27), signer_name="X",
            signer_position="Trưởng đoàn",
        )  # fmt: skip

    correction = request_report(demo, django_capture_on_commit_callbacks)
    assert correction.version.version == 2 and not correction.version.is_final
    assert correction.version.signer_name == "Nguyễn Văn A"
    version.refresh_from_db()
    assert default_storage.open(version.file.name).read() == content  # version 1 did not change
    assert list(document.versions.order_by("version").values_list("status", flat=True)) == ["final", "draft"]


def test_a_failed_render_records_the_reason_and_can_be_retried(demo, monkeypatch, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise ValueError("boom")

    monkeypatch.setattr("reports.rendering.document_render", broken)
    job = request_report(demo, django_capture_on_commit_callbacks)
    assert job.status == RenderJob.Status.FAILED
    assert "ValueError" in job.error and "thử lại" in job.error.lower()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.job_retry(job=job, user=demo.users["office"])
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE and job.error == ""
    with pytest.raises(services.DocumentError):
        services.job_retry(job=job, user=demo.users["office"])


def test_the_broker_being_down_leaves_the_job_queued(demo, django_capture_on_commit_callbacks):
    with celery_broker("redis://127.0.0.1:1/14"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
        assert time.monotonic() - started < 2
    assert job.enqueue_failed is True
    job.refresh_from_db()
    assert job.status == RenderJob.Status.QUEUED and job.enqueued_at is None


def test_the_sweep_resends_lost_jobs_and_requeues_dead_ones(demo, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=False):
        lost = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    visit = demo.visit("Ngọc Hồi")
    with django_capture_on_commit_callbacks(execute=False):
        dead = services.document_request(plan=demo.plan, kind=Kind.MINUTES, visit=visit, user=demo.users["office"])
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    RenderJob.objects.filter(pk=lost.pk).update(created_at=long_ago)
    RenderJob.objects.filter(pk=dead.pk).update(
        status=RenderJob.Status.RUNNING, attempts=1, started_at=long_ago, heartbeat_at=long_ago
    )
    result = services.jobs_sweep()  # eager in tests: re-sent jobs render at once
    assert result == {"requeued": 1, "failed": 0, "resent": 2}
    lost.refresh_from_db()
    dead.refresh_from_db()
    assert lost.status == dead.status == RenderJob.Status.DONE
    assert dead.attempts == 2
    assert services.jobs_sweep() == {"requeued": 0, "failed": 0, "resent": 0}


def test_the_sweep_leaves_recent_jobs_alone_and_gives_up_after_max_attempts(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        recent = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    assert services.jobs_sweep()["resent"] == 0
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    RenderJob.objects.filter(pk=recent.pk).update(status=RenderJob.Status.RUNNING, attempts=3, heartbeat_at=long_ago)
    assert services.jobs_sweep() == {"requeued": 0, "failed": 1, "resent": 0}
    recent.refresh_from_db()
    assert recent.status == RenderJob.Status.FAILED and "3 lần" in recent.error


def test_a_job_that_lost_its_claim_does_not_overwrite_the_new_attempt(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])

    real_render = services.__dict__.get("store_file")

    def steal(name, content):
        # While this attempt renders, the sweep hands the job to another attempt.
        RenderJob.objects.filter(pk=job.pk).update(attempts=5)
        real_render(name, content)

    services.store_file = steal
    try:
        assert services.job_run(job_id=job.pk) == "lost"
    finally:
        services.store_file = real_render
    job.refresh_from_db()
    assert job.status == RenderJob.Status.RUNNING and job.attempts == 5


def test_conclusion_deadline_defaults_to_the_setting(demo, django_capture_on_commit_callbacks, settings):
    settings.REMEDIATION_DEFAULT_DAYS = 15
    visit = demo.visit("Ngọc Hồi")
    # Before the conclusion is issued (the demo issued it, with its own deadline: the visit's one deadline).
    Visit.objects.filter(pk=visit.pk).update(conclusion_issued_on=None, remediation_deadline=None)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.document_request(
            plan=demo.plan,
            kind=Kind.CONCLUSION,
            visit=visit,
            user=demo.users["office"],
            issued_on=datetime.date(2020, 9, 4),
        )
    job.refresh_from_db()
    assert job.version.deadline == datetime.date(2020, 9, 19)
    assert "19/09/2020" in pdf_text(default_storage.open(job.file.name).read())


def test_wrong_kinds_and_formats_are_refused(demo):
    with pytest.raises(services.DocumentError):
        services.document_request(plan=demo.plan, kind=Kind.MINUTES, user=demo.users["office"])
    visit = demo.visit("Ngọc Hồi")
    with pytest.raises(services.DocumentError):
        services.document_request(
            plan=demo.plan, kind=Kind.MINUTES, visit=visit, user=demo.users["office"], fmt=RenderJob.Format.DOCX
        )
    assert not Document.objects.exists()
