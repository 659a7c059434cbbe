"""Writes of the whole-plan package: the export job (request → Celery → ZIP) and the import.

The export is a file job (``reports.job_rows``): ``export_request`` creates a ``PlanExport`` row
(queued) and sends its id on commit; the task ``reports.plan_export`` calls ``export_run``, which
claims the row once, writes the ZIP under a name made from the job's token (temporary file + rename:
a re-run overwrites), reports progress on the row and marks it done or failed.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from inspections.models import Plan
from reports.exchange.package import FORMAT, FORMAT_VERSION, package_files
from reports.job_rows import job_enqueue_on_commit, job_run, stored_stream
from reports.models import PlanExport
from reports.services import PROGRESS_CLAIMED
from tthc_inspect.archive import PackageWriter, utc_now_iso

logger = logging.getLogger(__name__)
PROGRESS_FILES = 95  # % once every file is in the ZIP; the manifest and the rename follow


def package_write(plan: Plan, target, progress=None) -> dict:
    """Write the plan's package into the open binary file ``target``; return its manifest."""
    meta = {
        "format": FORMAT + "-package",
        "version": FORMAT_VERSION,
        "plan": plan.number,
        "created_at": utc_now_iso(),
        "software": "tthc-inspect",
    }
    writer = PackageWriter(target, meta=meta)
    try:
        for path, content in package_files(plan, progress):
            writer.add(path, content)
    except BaseException:
        writer.abort()
        raise
    return writer.close()


@transaction.atomic
def export_request(*, plan: Plan, user) -> PlanExport:
    """Queue a new package of the plan ("Tải hồ sơ kế hoạch")."""
    from reports.tasks import plan_export

    job = PlanExport.objects.create(plan=plan, requested_by=user)
    job_enqueue_on_commit(job, plan_export, "Plan export")
    return job


def export_run(*, job_id: int) -> str:
    """Claim, build and store one package; "done", "failed" or "skipped" (a duplicate delivery)."""

    def build_zip(job, mine):
        def progress(done: int, total: int) -> None:
            mine.update(progress=PROGRESS_CLAIMED + (PROGRESS_FILES - PROGRESS_CLAIMED) * done // max(total, 1))

        return stored_stream(job, lambda out: {"files": len(package_write(job.plan, out, progress)["files"])})

    failure = _("Không tạo được hồ sơ (%(error)s). Hãy thử lại.")
    return job_run(PlanExport, job_id, build_zip, related=("plan",), label="Plan export", failure=failure)
