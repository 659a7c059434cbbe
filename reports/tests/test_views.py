"""The document panel, requests, progress partial, retries and permission-checked downloads."""

import datetime
import time

import pytest
from django.urls import reverse

from inspections.models import Plan
from reports import documents, selectors, services
from reports.documents.common import DocumentParams
from reports.models import Document, DocumentVersion, Kind, RenderJob
from reports.tests.conftest import celery_broker, ensure_role_groups


def login(client, user):
    client.force_login(user)
    return client


def make_final(demo, capture, *, kind=Kind.REPORT, visit=None, number=15) -> DocumentVersion:
    office = demo.users["office"]
    with capture(execute=True):
        job = services.document_request(plan=demo.plan, kind=kind, visit=visit, user=office)
        services.document_finalize(
            document=job.version.document,
            user=office,
            number=number,
            issued_on=datetime.date(2020, 8, 26),
            signer_name="Nguyễn Văn A",
            signer_position="Trưởng đoàn",
        )
    version = DocumentVersion.objects.get(pk=job.version_id)
    assert version.is_final and version.file
    return version


def test_office_requests_the_report_from_the_plan_page(client, demo, django_capture_on_commit_callbacks):
    login(client, demo.users["office"])
    url = reverse("reports:report_request", args=[demo.plan.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"fmt": "pdf", "issued_on": "26/08/2020"})
    assert response.status_code == 302 and response["Location"].endswith("#van-ban")
    job = RenderJob.objects.get()
    assert job.status == RenderJob.Status.DONE and job.version.issued_on == datetime.date(2020, 8, 26)
    page = client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    assert "Đã gửi yêu cầu tạo văn bản" in page
    assert reverse("reports:job_download", args=[job.pk]) in page
    assert "Ban hành bản chính thức" in page


def test_an_invalid_date_is_refused_with_a_message(client, demo):
    login(client, demo.users["office"])
    response = client.post(
        reverse("reports:report_request", args=[demo.plan.pk]), {"issued_on": "2020-08-26"}, follow=True
    )
    assert not RenderJob.objects.exists()
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "hợp lệ" in response.content.decode()


def test_the_progress_partial_polls_while_active_and_offers_retry_on_failure(client, demo):
    login(client, demo.users["office"])
    job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])  # not committed
    url = reverse("reports:job_status", args=[job.pk])
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Đang chờ xử lý" in html and "<progress" in html
    RenderJob.objects.filter(pk=job.pk).update(status="running", progress=40)
    assert "Đang tạo… 40%" in client.get(url).content.decode()
    RenderJob.objects.filter(pk=job.pk).update(status="failed", error="Không tạo được văn bản (ValueError).")
    html = client.get(url).content.decode()
    assert "hx-trigger" not in html and "ValueError" in html and "Thử lại" in html
    assert reverse("reports:job_retry", args=[job.pk]) in html


def test_the_retry_button_requeues_a_failed_job(client, demo, django_capture_on_commit_callbacks):
    job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    RenderJob.objects.filter(pk=job.pk).update(status="failed", error="x", attempts=3)
    login(client, demo.users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE and job.attempts == 1


@pytest.fixture
def committed(transactional_db):
    ensure_role_groups()


def test_the_broker_being_down_still_answers_fast_in_vietnamese(client, committed, demo):
    # transactional_db: on_commit runs when the service commits, as in production.
    login(client, demo.users["office"])
    with celery_broker("redis://127.0.0.1:1/14"):
        started = time.monotonic()
        response = client.post(reverse("reports:report_request", args=[demo.plan.pk]), {"fmt": "pdf"})
        elapsed = time.monotonic() - started
    assert response.status_code == 302 and elapsed < 2
    job = RenderJob.objects.get()
    assert job.status == RenderJob.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "Hàng đợi xử lý văn bản tạm thời không kết nối được" in page
    assert "Đang chờ xử lý" in page


def test_downloads_are_attachments_with_nosniff(client, demo, django_capture_on_commit_callbacks):
    version = make_final(demo, django_capture_on_commit_callbacks)
    login(client, demo.users["leader"])
    response = client.get(reverse("reports:version_download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="bao-cao-1978-kh-ubnd-v1.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    job = version.jobs.get(final=True)
    response = client.get(reverse("reports:job_download", args=[job.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 302), ("head", 302), ("member", 403), ("leader", 403), ("liaison", 403), ("other_liaison", 404)],
)
def test_who_may_request_the_report(client, personas, demo, persona, status):
    """An invalid form also answers 302: the job row written (or not) is what counts."""
    login(client, personas[persona])
    response = client.post(reverse("reports:report_request", args=[demo.plan.pk]), {"fmt": "pdf"})
    assert response.status_code == status
    jobs = RenderJob.objects.filter(version__document__plan=demo.plan, version__document__kind=Kind.REPORT)
    if status == 302:
        job = jobs.get()
        assert job.requested_by == personas[persona] and job.format == "pdf" and not job.final
        assert job.version.status == DocumentVersion.Status.DRAFT
    else:
        assert not jobs.exists() and not Document.objects.filter(plan=demo.plan, kind=Kind.REPORT).exists()


def test_only_the_office_issues_a_final_version(client, demo):
    job = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    url = reverse("reports:document_finalize", args=[job.version.document_id])
    data = {"number": "15", "issued_on": "26/08/2020", "signer_name": "Nguyễn Văn A", "signer_position": "Trưởng đoàn"}
    login(client, demo.users["head"])
    assert client.post(url, data).status_code == 403
    login(client, demo.users["office"])
    assert client.post(url, data).status_code == 302
    version = DocumentVersion.objects.get()
    assert version.is_final and version.number == 15 and version.issued_on == datetime.date(2020, 8, 26)


def test_a_liaison_gets_only_its_own_agencys_final_minutes_and_conclusion(
    client, personas, demo, django_capture_on_commit_callbacks
):
    own = demo.visit("Ngọc Hồi")
    other = demo.visit("Sa Thầy")
    report = make_final(demo, django_capture_on_commit_callbacks)
    own_tb = make_final(demo, django_capture_on_commit_callbacks, kind=Kind.CONCLUSION, visit=own, number=7)
    own_bb = make_final(demo, django_capture_on_commit_callbacks, kind=Kind.MINUTES, visit=own, number=3)
    other_tb = make_final(demo, django_capture_on_commit_callbacks, kind=Kind.CONCLUSION, visit=other, number=8)
    draft = services.document_request(plan=demo.plan, kind=Kind.CONCLUSION, visit=own, user=demo.users["office"])
    login(client, personas["liaison"])
    download = lambda v: client.get(reverse("reports:version_download", args=[v.pk])).status_code  # noqa: E731
    assert download(own_tb) == 200 and download(own_bb) == 200
    assert download(other_tb) == 404 and download(report) == 404
    assert download(draft.version) == 404
    assert client.get(reverse("reports:job_download", args=[own_tb.jobs.get(final=True).pk])).status_code == 404
    assert client.get(reverse("reports:job_status", args=[draft.pk])).status_code == 404
    page = client.get(reverse("inspections:visit_detail", args=[own.pk])).content.decode()
    assert reverse("reports:version_download", args=[own_tb.pk]) in page
    assert "Tạo dự thảo PDF" not in page and "Ban hành" not in page
    login(client, personas["other_liaison"])
    assert download(own_tb) == 404


def test_the_panels_run_a_fixed_number_of_queries(
    demo, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    make_final(demo, django_capture_on_commit_callbacks)
    for _ in range(3):
        services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])
    office = demo.users["office"]
    office.refresh_from_db()
    with django_assert_max_num_queries(6):  # documents, versions, jobs, signatures, copies (+1 spare)
        data = selectors.plan_documents(plan=demo.plan, user=office)
        versions = data["report"].version_list
        assert [v.version for v in versions] == [2, 1]
        assert len(versions[0].job_list) == 3


def test_the_report_context_runs_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    plan = Plan.objects.select_related("issuer", "issuer__area", "issuer__area__parent").get(pk=demo.plan.pk)
    params = DocumentParams(issued_on=datetime.date(2020, 8, 26))
    with django_assert_max_num_queries(7):
        context = documents.report_context(plan=plan, params=params)
    assert len(context["annex"]) == 8 and len(context["photos"]) == 2
    visit = demo.visit("Ngọc Hồi")
    with django_assert_max_num_queries(8):
        context = documents.conclusion_context(visit, datetime.date(2020, 9, 4), datetime.date(2020, 10, 4))
    assert len(context["remediation"]) == 2
    assert not Document.objects.exists()
