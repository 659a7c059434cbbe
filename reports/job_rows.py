"""The life of a file job row (``reports.models.FileJob``: a plan package, an archive package, a periodic
report, a dashboard print): queued on commit, claimed once, built, stored, finished — each state change a
compare-and-set UPDATE, so a duplicate delivery or a late worker changes nothing. The row is the source
of truth; the broker only carries its id. (Render jobs, with their heartbeat and sweep, keep their own
life in ``reports.services``.)
"""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports.services import PROGRESS_CLAIMED, PROGRESS_DONE, store_file, store_stream
from tthc_inspect.archive import sha256_stream

logger = logging.getLogger(__name__)


class JobRefused(Exception):
    """The job cannot build its file for a reason the user can act on; ``str()`` is what the row shows."""


def job_enqueue_on_commit(job, task, label: str) -> None:
    """Send ``job``'s id to ``task`` once the row is committed; a broker that is down leaves it queued
    (``job.enqueue_failed`` says so to the view) and the request still answers."""
    job.enqueue_failed = False

    def send():
        try:
            task.apply_async((job.pk,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
        except Exception as exc:  # the committed request must still answer; the row stays queued
            logger.warning("%s %s stays queued (%s: %s)", label, job.pk, type(exc).__name__, exc)
            job.enqueue_failed = True

    transaction.on_commit(send, robust=True)


def job_run(model, job_id: int, build, *, related=(), label: str, failure: str) -> str:
    """Claim the queued row, ``build(job, mine)`` → the fields the finished row records (it stores the
    file: ``stored_bytes``, ``stored_stream``), and finish the row. "done", "failed" (the row says why:
    a ``JobRefused``'s message, else ``failure`` with the error's type) or "skipped" (already claimed).
    ``mine`` is the row while this attempt owns it, for progress updates."""
    claimed = model.objects.filter(pk=job_id, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, attempts=F("attempts") + 1, progress=PROGRESS_CLAIMED, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = model.objects.select_related("requested_by", *related).get(pk=job_id)
    mine = model.objects.filter(pk=job_id, status=model.Status.RUNNING, attempts=job.attempts)
    try:
        fields = build(job, mine)
    except JobRefused as exc:
        reason = str(exc)
    except Exception as exc:  # the row says why; the traceback goes to the log
        logger.exception("%s %s failed", label, job_id)
        reason = failure % {"error": type(exc).__name__}
    else:
        mine.update(status=model.Status.DONE, progress=PROGRESS_DONE, finished_at=timezone.now(), **fields)
        return "done"
    mine.update(status=model.Status.FAILED, finished_at=timezone.now(), error=reason)
    return "failed"


def stored_bytes(job, content: bytes, **fields) -> dict:
    """Store a file built in memory under the job's name; the fields the finished row records."""
    store_file(job.storage_name, content)
    return {"file": job.storage_name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content), **fields}


def stored_stream(job, write) -> dict:
    """Store a file too large for memory: ``write(binary file)`` → extra fields (``store_stream``)."""
    extra = {}
    path = store_stream(job.storage_name, lambda out: extra.update(write(out)))
    with open(path, "rb") as stored:
        digest, size = sha256_stream(stored)
    return {"file": job.storage_name, "sha256": digest, "size": size, **extra}
