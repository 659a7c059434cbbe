"""Writes for documents and their render jobs. Each public function is one transaction.

The flow (docs/architecture.md, "How a report job flows"):

1. ``document_request`` / ``document_finalize`` create a ``RenderJob`` row (status
   queued) and enqueue its id with ``transaction.on_commit``. If the broker cannot be
   reached the request still returns: the row stays queued and ``job.enqueue_failed``
   tells the view to say so.
2. The Celery task ``reports.render`` calls ``job_run``: it claims the row with a
   compare-and-set UPDATE (queued → running, attempts + 1), so a duplicate delivery does
   nothing; it renders through ``reports.rendering.document_render``; it writes the file
   under a name derived from the job's token (a re-run overwrites, never duplicates) and
   marks the row done with another compare-and-set on (running, attempts).
3. ``jobs_sweep`` (Celery beat, every minute) re-sends queued jobs that no worker took
   (Redis restarted empty, broker down at request time) and re-queues running jobs whose
   heartbeat stopped (worker killed), up to ``REPORTS_MAX_ATTEMPTS``.
"""

import datetime
import hashlib
import logging
import os
import secrets
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspections.models import Plan, Visit
from reports.documents.common import DocumentParams
from reports.job_notices import document_ready
from reports.models import PLAN_KINDS, Document, DocumentVersion, Kind, RenderJob
from reports.register import RegisterError, register_number
from tthc_inspect.history import records_user

logger = logging.getLogger(__name__)
PROGRESS_CLAIMED = 5  # % shown once a worker has the job; document_render reports the rest
PROGRESS_DONE = 100
VERIFICATION_CODE_BYTES = 16  # 128 random bits: the code printed on page 1 cannot be guessed
SWEEP_RESEND_MAX = 500  # queued jobs one sweep re-sends at most (the rest wait for the next minute)


class DocumentError(Exception):
    """The request cannot be done in the document's current state; the message says why, in Vietnamese."""


def default_issued_on(*, kind: str, plan: Plan, visit: Visit | None) -> datetime.date:
    """A draft's date until the office sets one.

    Biên bản: the visit's last day; Thông báo: the conclusion date once issued; the follow-up
    report: today (it reports the state of the actions now); the Báo cáo: the plan's last day.
    """
    if visit is not None and kind == Kind.MINUTES:
        return visit.actual_end or visit.actual_start or visit.planned_end
    if visit is not None and kind == Kind.CONCLUSION and visit.conclusion_issued_on:
        return visit.conclusion_issued_on
    if kind == Kind.FOLLOWUP:
        return timezone.localdate()
    return plan.period_end


def default_deadline(issued_on: datetime.date) -> datetime.date:
    """The remediation deadline of a Thông báo kết luận: its date + REMEDIATION_DEFAULT_DAYS."""
    return issued_on + datetime.timedelta(days=settings.REMEDIATION_DEFAULT_DAYS)


# --- Enqueueing ---------------------------------------------------------------------------------


def job_enqueue(job_id: int) -> bool:
    """Send the job's id to the broker; False (and a log line) if that failed, for whatever reason.

    Any failure counts, not only a broker that does not answer: a transport that cannot be
    imported (issue 13: kombu's Redis transport needs ``packaging``), a serializer or a bug. The
    row is committed before this runs, so the request must still answer; the job stays queued
    and the beat sweep sends it again.
    """
    try:
        from reports.tasks import report_render

        report_render.apply_async((job_id,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    except Exception as exc:  # any failure at all: see the docstring
        logger.warning("Render job %s stays queued: publishing failed (%s: %s)", job_id, type(exc).__name__, exc)
        return False
    try:
        RenderJob.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    except Exception:  # sent; unmarked, the sweep only sends it once more (a duplicate is harmless)
        logger.warning("Render job %s was sent but could not be marked as sent", job_id, exc_info=True)
    return True


def _enqueue_on_commit(job: RenderJob) -> None:
    """Publish once the row is committed; ``job.enqueue_failed`` tells the view which message to show."""
    job.enqueue_failed = False

    def send():
        job.enqueue_failed = True  # until the publish is known to have worked
        job.enqueue_failed = not job_enqueue(job.pk)

    # robust: even an error outside job_enqueue is logged, never raised into the committed request.
    transaction.on_commit(send, robust=True)


# --- Requests from the UI and the command line -------------------------------------------------------


def _locked_document(*, kind: str, plan: Plan, visit: Visit | None) -> Document:
    document, _created = Document.objects.get_or_create(kind=kind, plan=plan, visit=visit)
    return Document.objects.select_for_update().get(pk=document.pk)


def _open_draft(document: Document, *, user, issued_on, deadline) -> DocumentVersion:
    """The document's draft, created (as a new version copying the last one) if every version is final."""
    draft = document.versions.filter(status=DocumentVersion.Status.DRAFT).first()
    if draft is None:
        last = document.versions.order_by("-version").first()
        issued_on = issued_on or (last.issued_on if last else None)
        issued_on = issued_on or default_issued_on(kind=document.kind, plan=document.plan, visit=document.visit)
        draft = DocumentVersion(
            document=document,
            version=(last.version + 1) if last else 1,
            issued_on=issued_on,
            deadline=deadline or (last.deadline if last else None),
            signer_name=last.signer_name if last else "",
            signer_position=last.signer_position if last else "",
            narrative=dict(last.narrative or {}) if last else {},  # a correction starts from the edited text
            created_by=user,
        )
    else:
        draft.issued_on = issued_on or draft.issued_on
        draft.deadline = deadline or draft.deadline
    if document.kind == Kind.CONCLUSION:
        draft.deadline = _visit_deadline(document.visit, deadline or draft.deadline, draft.issued_on)
    draft.save()
    return draft


def _visit_deadline(visit: Visit, asked: datetime.date | None, issued_on: datetime.date) -> datetime.date:
    """The one remediation deadline of a visit (``Visit.remediation_deadline``), set from the Thông báo's request.

    Once the conclusion is issued its actions track that deadline: a different one is refused here
    (an action's own deadline moves by an extension).
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    current = visit.remediation_deadline
    if visit.conclusion_issued_on and current:
        if asked and asked != current:
            raise DocumentError(
                _("Kết luận đã ban hành với hạn khắc phục %(date)s; hạn của từng biện pháp được gia hạn riêng.")
                % {"date": current.strftime("%d/%m/%Y")}
            )
        return current
    chosen = asked or current or default_deadline(issued_on)
    if chosen != current:
        visit.remediation_deadline = chosen
        visit.save(update_fields=["remediation_deadline"])
    return chosen


@records_user
@transaction.atomic
def document_request(
    *,
    plan: Plan,
    kind: str,
    user,
    visit: Visit | None = None,
    fmt: str = RenderJob.Format.PDF,
    issued_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
) -> RenderJob:
    """Queue a draft rendering; on a document whose versions are all final this opens a correction (new version)."""
    if (kind in PLAN_KINDS) != (visit is None):
        raise DocumentError(_("Loại văn bản không phù hợp."))
    if fmt != RenderJob.Format.PDF and kind != Kind.REPORT:
        raise DocumentError(_("Chỉ báo cáo kết quả kiểm tra có bản DOCX và XLSX."))
    document = _locked_document(kind=kind, plan=plan, visit=visit)
    draft = _open_draft(document, user=user, issued_on=issued_on, deadline=deadline)
    job = RenderJob.objects.create(version=draft, format=fmt, requested_by=user)
    _enqueue_on_commit(job)
    return job


@records_user
@transaction.atomic
def document_finalize(
    *,
    document: Document,
    user,
    issued_on: datetime.date,
    signer_name: str,
    signer_position: str,
    number: int | None = None,
) -> RenderJob:
    """Freeze the draft as the final version (number, date, signer) and queue its PDF, which never changes.

    The number comes from the office's register (``reports.register``: the next one of the issuing
    body, type and year) unless the office typed one; the verification code printed on page 1 is drawn here.
    """
    document = Document.objects.select_for_update().select_related("plan").get(pk=document.pk)
    draft = document.versions.filter(status=DocumentVersion.Status.DRAFT).first()
    if draft is None:
        raise DocumentError(_("Không có dự thảo để ban hành: hãy tạo dự thảo (bản sửa đổi) trước."))
    draft.finalize()
    draft.issued_on = issued_on
    try:
        draft.number = register_number(version=draft, number=number)
    except RegisterError as exc:
        raise DocumentError(str(exc)) from exc
    draft.verification_code = secrets.token_urlsafe(VERIFICATION_CODE_BYTES)
    draft.signer_name = signer_name.strip()
    draft.signer_position = signer_position.strip()
    if document.kind == Kind.CONCLUSION:
        draft.deadline = _visit_deadline(document.visit, draft.deadline, issued_on)
    draft.finalized_by = user
    draft.finalized_at = timezone.now()
    draft.full_clean(exclude=["document", "created_by", "finalized_by"])
    draft.save()
    job = RenderJob.objects.create(version=draft, format=RenderJob.Format.PDF, final=True, requested_by=user)
    _enqueue_on_commit(job)
    return job


@records_user
@transaction.atomic
def version_narrative_save(*, version: DocumentVersion, user, submitted: dict[str, str]) -> DocumentVersion:
    """Keep the narrative parts a preparer edited on a draft (those that differ from the draft of the findings)."""
    from reports.documents import document_context
    from reports.documents.narrative import narrative_changes

    version = (
        DocumentVersion.objects.select_for_update(of=("self",))  # the plan's document has no visit: outer join
        .select_related("document__plan", "document__visit")
        .get(pk=version.pk)
    )
    if version.is_final:
        raise DocumentError(_("Bản chính thức không sửa được; hãy lập bản sửa đổi (dự thảo mới)."))
    params = DocumentParams.of(version, final=False)
    drafted = document_context(document=version.document, params=replace(params, narrative={}))["narrative_text"]
    version.narrative = narrative_changes(version.document.kind, submitted, drafted)
    version.save(update_fields=["narrative"])
    return version


@records_user
@transaction.atomic
def job_retry(*, job: RenderJob, user) -> RenderJob:
    """Put a failed job back in the queue (the retry button)."""
    retried = RenderJob.objects.filter(pk=job.pk, status=RenderJob.Status.FAILED).update(
        status=RenderJob.Status.QUEUED, error="", progress=0, attempts=0, enqueued_at=None, finished_at=None
    )
    if not retried:
        raise DocumentError(_("Chỉ thử lại được tác vụ bị lỗi."))
    job.refresh_from_db()
    _enqueue_on_commit(job)
    return job


# --- The worker side ----------------------------------------------------------------------------------


def store_stream(name: str, write) -> str:
    """``write(binary file)`` under MEDIA_ROOT atomically (temporary file beside it + rename): a failed
    write never leaves half a file under ``name``; the same name is overwritten. Returns the path."""
    path = default_storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.chmod(temp, settings.FILE_UPLOAD_PERMISSIONS or 0o640)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return path


def store_file(name: str, content: bytes) -> None:
    store_stream(name, lambda out: out.write(content))


@contextmanager
def _heartbeat(mine):
    """While a render runs, mark the row alive every REPORTS_HEARTBEAT seconds.

    The sweep re-queues a running job whose heartbeat is older than REPORTS_STALE_AFTER: with
    this beat a long render is never taken over, and a dead worker is noticed within a minute.
    """
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.REPORTS_HEARTBEAT):
                mine.update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's own database connection

    thread = threading.Thread(target=beat, name="render-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def job_release(*, job_id: int) -> bool:
    """Put back a job whose worker process died, so that Celery's re-delivery can claim it again."""
    return bool(
        RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.RUNNING).update(
            status=RenderJob.Status.QUEUED, progress=0
        )
    )


class Outcome(StrEnum):
    """What ``job_run`` did with a delivery (the task's result, and the log's)."""

    DONE = "done"
    FAILED = "failed"  # the row says why
    SKIPPED = "skipped"  # a duplicate delivery, or a job another worker already took
    LOST = "lost"  # the sweep gave the job to another attempt meanwhile, which writes the same file


def job_run(*, job_id: int) -> Outcome:
    """Claim, render and store one job: each step a compare-and-set on the row, so a re-delivery is harmless."""
    if not _job_claim(job_id):
        return Outcome.SKIPPED
    job = RenderJob.objects.select_related(
        "version__document__plan__issuer__area__parent",
        "version__document__plan__checklist",
        "version__document__visit__agency",
        "requested_by",
    ).get(pk=job_id)
    mine = RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.RUNNING, attempts=job.attempts)
    rendered = _job_render(job, mine)
    if rendered is None:
        return Outcome.FAILED
    return _job_store(job, mine, rendered)


def _job_claim(job_id: int) -> bool:
    """Queued → running, attempts + 1, in one UPDATE; False if the row was not queued."""
    now = timezone.now()
    return bool(
        RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
            status=RenderJob.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            progress=PROGRESS_CLAIMED,
        )
    )


def _job_render(job: RenderJob, mine):
    """The rendered document, or None once the row says why it failed (``mine``: this attempt's row)."""
    from celery.exceptions import SoftTimeLimitExceeded

    from reports.rendering import document_render

    def progress(percent: int) -> None:
        mine.update(progress=percent, heartbeat_at=timezone.now())

    try:
        with _heartbeat(mine):
            return document_render(
                document=job.version.document,
                params=DocumentParams.of(job.version, final=job.final),
                fmt=job.format,
                progress=progress,
            )
    except SoftTimeLimitExceeded:
        mine.update(
            status=RenderJob.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Quá thời gian cho phép khi tạo văn bản. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên."),
        )
    except Exception as exc:  # the row must say why; the traceback goes to the log
        logger.exception("Render job %s failed", job.pk)
        mine.update(
            status=RenderJob.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Không tạo được văn bản (%(error)s). Hãy thử lại; nếu vẫn lỗi, báo quản trị viên.")
            % {"error": type(exc).__name__},
        )
    return None


def _job_store(job: RenderJob, mine, rendered) -> Outcome:
    """Write the file, mark this attempt done and, for a final PDF, attach the file to its version for good."""
    name = job.storage_name
    store_file(name, rendered.content)
    digest = hashlib.sha256(rendered.content).hexdigest()
    with transaction.atomic():
        done = mine.update(
            status=RenderJob.Status.DONE,
            progress=PROGRESS_DONE,
            finished_at=timezone.now(),
            file=name,
            sha256=digest,
            size=len(rendered.content),
            pages=rendered.pages,
        )
        if not done:
            return Outcome.LOST
        document_ready(job)
        if job.final and job.format == RenderJob.Format.PDF:
            # Locked and saved (not .update()) so that the audit history records the frozen file.
            final = (
                DocumentVersion.objects.select_for_update()
                .filter(pk=job.version_id, status=DocumentVersion.Status.FINAL, file="")
                .first()
            )
            if final is not None:
                final.file, final.sha256, final.size = name, digest, len(rendered.content)
                final.save(update_fields=["file", "sha256", "size"])
    return Outcome.DONE


def jobs_sweep(*, resend_after: int | None = None, stale_after: int | None = None) -> dict:
    """Re-send queued jobs no worker took and re-queue running jobs whose worker died.

    ``resend_after``: seconds a queued job may wait since it was last sent;
    ``stale_after``: seconds without a heartbeat after which a running job is dead
    (above the hard time limit, so a live render is never taken over).
    """
    now = timezone.now()
    resend_after = settings.REPORTS_RESEND_AFTER if resend_after is None else resend_after
    stale_after = settings.REPORTS_STALE_AFTER if stale_after is None else stale_after
    requeued: list[int] = []
    failed = 0
    stale = RenderJob.objects.filter(
        status=RenderJob.Status.RUNNING, heartbeat_at__lte=now - datetime.timedelta(seconds=stale_after)
    )
    for job in stale.only("pk", "attempts", "heartbeat_at"):
        same = RenderJob.objects.filter(pk=job.pk, status=RenderJob.Status.RUNNING, heartbeat_at=job.heartbeat_at)
        if job.attempts >= settings.REPORTS_MAX_ATTEMPTS:
            failed += same.update(
                status=RenderJob.Status.FAILED,
                finished_at=now,
                error=ngettext(
                    "Tác vụ bị gián đoạn %(n)d lần (máy xử lý dừng giữa chừng). Hãy thử lại.",
                    "Tác vụ bị gián đoạn %(n)d lần (máy xử lý dừng giữa chừng). Hãy thử lại.",
                    job.attempts,
                )
                % {"n": job.attempts},
            )
        else:
            if same.update(status=RenderJob.Status.QUEUED, progress=0, enqueued_at=None):
                requeued.append(job.pk)
    grace = datetime.timedelta(seconds=min(resend_after, settings.REPORTS_ENQUEUE_GRACE))
    waiting = RenderJob.objects.filter(status=RenderJob.Status.QUEUED).filter(
        Q(enqueued_at__isnull=True, created_at__lte=now - grace)
        | Q(enqueued_at__lte=now - datetime.timedelta(seconds=resend_after))
    )
    ids = sorted({*requeued, *waiting.order_by("pk").values_list("pk", flat=True)[:SWEEP_RESEND_MAX]})
    resent = sum(job_enqueue(pk) for pk in ids)
    if requeued or failed or resent:
        logger.info("Render sweep: %d re-queued, %d failed, %d re-sent", len(requeued), failed, resent)
    return {"requeued": len(requeued), "failed": failed, "resent": resent}
