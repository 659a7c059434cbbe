"""Document requests, job progress (htmx partial), retries and permission-checked downloads.

Views translate HTTP into one call to reports.services or reports.selectors; every object
comes through reports.permissions or inspections.permissions (invisible → 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections.permissions import get_plan_for_user, get_visit_for_user
from reports import services
from reports.documents import document_context
from reports.documents.common import DocumentParams
from reports.documents.narrative import PARTS
from reports.forms import FinalizeForm, RequestForm
from reports.models import Document, DocumentVersion, Kind, RenderJob
from reports.permissions import (
    can_finalize,
    can_prepare,
    get_document_for_user,
    get_job_for_user,
    get_version_for_user,
)
from tthc_inspect.files import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE, private_file_response
from tthc_inspect.text import fold

CONTENT_TYPES = {
    RenderJob.Format.PDF: "application/pdf",
    RenderJob.Format.DOCX: DOCX_CONTENT_TYPE,
    RenderJob.Format.XLSX: XLSX_CONTENT_TYPE,
}
FILE_STEMS = {
    Kind.REPORT: "bao-cao",
    Kind.MINUTES: "bien-ban",
    Kind.CONCLUSION: "thong-bao-ket-luan",
    Kind.FOLLOWUP: "bao-cao-khac-phuc",
}


def _back(document: Document | None = None, *, plan=None, visit=None) -> str:
    visit = visit or (document.visit if document else None)
    if visit is not None:
        return reverse("inspections:visit_detail", args=[visit.pk]) + "#van-ban"
    plan = plan or document.plan
    return reverse("inspections:plan_detail", args=[plan.pk]) + "#van-ban"


def _queued_message(request, job: RenderJob) -> None:
    if getattr(job, "enqueue_failed", False):
        messages.warning(
            request,
            _(
                "Hàng đợi xử lý văn bản tạm thời không kết nối được. Yêu cầu đã được ghi nhận và sẽ được "
                "xử lý tự động khi hệ thống hoạt động trở lại; bạn không cần gửi lại."
            ),
        )
    else:
        messages.success(request, _("Đã gửi yêu cầu tạo văn bản; tiến độ hiển thị ở mục Văn bản."))


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _request(request, *, plan, kind, visit=None):
    if not can_prepare(request.user, plan):
        raise PermissionDenied
    form = RequestForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_back(plan=plan, visit=visit))
    try:
        job = services.document_request(
            plan=plan,
            kind=kind,
            visit=visit,
            user=request.user,
            fmt=form.cleaned_data["fmt"],
            issued_on=form.cleaned_data["issued_on"],
            deadline=form.cleaned_data["deadline"],
        )
    except services.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        _queued_message(request, job)
    return redirect(_back(plan=plan, visit=visit))


@login_required
@require_POST
def report_request(request, plan_pk: int):
    plan = get_plan_for_user(request.user, plan_pk)
    return _request(request, plan=plan, kind=Kind.REPORT)


@login_required
@require_POST
def followup_request(request, plan_pk: int):
    """Báo cáo kết quả khắc phục of a plan, through the same pipeline."""
    plan = get_plan_for_user(request.user, plan_pk)
    return _request(request, plan=plan, kind=Kind.FOLLOWUP)


@login_required
@require_POST
def visit_document_request(request, visit_pk: int, kind: str):
    if kind not in (Kind.MINUTES, Kind.CONCLUSION):
        raise Http404
    visit = get_visit_for_user(request.user, visit_pk)
    return _request(request, plan=visit.plan, kind=kind, visit=visit)


@login_required
@require_POST
def document_finalize(request, pk: int):
    document = get_document_for_user(request.user, pk, write=True)
    if not can_finalize(request.user, document.plan):
        raise PermissionDenied
    form = FinalizeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_back(document))
    try:
        job = services.document_finalize(document=document, user=request.user, **form.cleaned_data)
    except (services.DocumentError, ValidationError) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
    else:
        _queued_message(request, job)
    return redirect(_back(document))


@login_required
@require_http_methods(["GET", "POST"])
def version_narrative(request, pk: int):
    """The narrative parts of a draft Báo cáo or Thông báo, drafted from the findings, edited by a preparer."""
    version = get_version_for_user(request.user, pk)
    document = version.document
    if not can_prepare(request.user, document.plan) or document.kind not in PARTS or version.is_final:
        raise PermissionDenied
    if request.method == "POST":
        submitted = {key: request.POST.get(key, "") for key, _label in PARTS[document.kind]}
        try:
            services.version_narrative_save(version=version, user=request.user, submitted=submitted)
        except services.DocumentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu lời văn của dự thảo; tạo lại dự thảo PDF để xem."))
        return redirect(_back(document))
    context = document_context(document=document, params=DocumentParams.of(version, final=False))
    parts = [
        {"key": key, "label": label, "text": context["narrative_text"][key], "edited": key in version.narrative}
        for key, label in PARTS[document.kind]
    ]
    return render(request, "reports/narrative_form.html", {"version": version, "document": document, "parts": parts})


@login_required
@require_GET
def job_status(request, pk: int):
    """The small partial htmx polls every second while the job is queued or running."""
    job = get_job_for_user(request.user, pk)
    context = {"job": job, "can_prepare": can_prepare(request.user, job.version.document.plan)}
    return render(request, "reports/_job.html", context)


@login_required
@require_POST
def job_retry(request, pk: int):
    job = get_job_for_user(request.user, pk, write=True)
    try:
        job = services.job_retry(job=job, user=request.user)
    except services.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        _queued_message(request, job)
    return redirect(_back(job.version.document))


def _filename(version: DocumentVersion, fmt: str, suffix: str = "") -> str:
    document = version.document
    parts = [FILE_STEMS[document.kind], fold(document.plan.number).replace("/", "-")]
    if document.visit_id:
        parts.append(str(document.visit_id))
    parts.append(f"v{version.version}{suffix}")
    return "-".join(p.replace(" ", "-") for p in parts) + f".{fmt}"


@login_required
@require_GET
def job_download(request, pk: int):
    job = get_job_for_user(request.user, pk)
    if job.status != RenderJob.Status.DONE:
        raise Http404
    suffix = "" if job.final else "-du-thao"
    return private_file_response(
        job.file, content_type=CONTENT_TYPES[job.format], filename=_filename(job.version, job.format, suffix)
    )


@login_required
@require_GET
def version_download(request, pk: int):
    """A final version's issued PDF: the signed copy once uploaded, else the frozen file offered for signing.

    Liaisons reach their own agency's Biên bản and Thông báo only here."""
    version = get_version_for_user(request.user, pk)
    if not version.is_final:
        raise Http404
    suffix = "-da-ky" if version.signed_file else ""
    return private_file_response(
        version.issued_file, content_type="application/pdf", filename=_filename(version, "pdf", suffix)
    )
