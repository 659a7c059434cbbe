"""Celery tasks: thin. They carry a job id and call the service; the job row holds the state."""

from billiard.exceptions import WorkerLostError
from celery import Task, shared_task
from celery.worker.request import Request

from reports import services


class RenderRequest(Request):
    """In the worker's main process: a pool process died mid-job → release the row before Celery re-queues it."""

    def on_failure(self, exc_info, send_failed_event=True, return_ok=False):
        exc = getattr(exc_info.exception, "exc", exc_info.exception)  # billiard wraps it in ExceptionWithTraceback
        if isinstance(exc, WorkerLostError) and self.args:
            services.job_release(job_id=self.args[0])
        return super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)


class RenderTask(Task):
    Request = RenderRequest


@shared_task(base=RenderTask, name="reports.render", acks_late=True, reject_on_worker_lost=True)
def report_render(job_id: int) -> str:
    """Render one RenderJob; a duplicate delivery finds the job already claimed and does nothing."""
    return services.job_run(job_id=job_id)


@shared_task(name="reports.sweep", acks_late=False)
def report_jobs_sweep() -> dict:
    """Periodic (Celery beat): re-send lost queued jobs, re-queue jobs whose worker died."""
    return services.jobs_sweep()


@shared_task(name="reports.plan_export", acks_late=True, reject_on_worker_lost=True)
def plan_export(job_id: int) -> str:
    """Build one plan package (PlanExport); a duplicate delivery finds the job claimed and does nothing."""
    from reports.exchange.services import export_run

    return export_run(job_id=job_id)


@shared_task(name="reports.periodic_render", acks_late=True, reject_on_worker_lost=True)
def periodic_render(job_id: int) -> str:
    """Render one PeriodicReport; a duplicate delivery finds it claimed and does nothing."""
    from reports.periodic.services import periodic_run

    return periodic_run(job_id=job_id)


@shared_task(name="reports.archive_build", acks_late=True, reject_on_worker_lost=True)
def archive_build(package_id: int) -> str:
    """'Lập hồ sơ lưu trữ': build one ArchivePackage's ZIP; a duplicate delivery does nothing."""
    from reports.archive.services import archive_run

    return archive_run(package_id=package_id)


@shared_task(name="reports.dashboard_print", acks_late=True, reject_on_worker_lost=True)
def dashboard_print(job_id: int) -> str:
    """Render one DashboardPrint ("Tải báo cáo tổng hợp"); a duplicate delivery finds it claimed and does nothing."""
    from reports.dashboards.printing import dashboard_print_run

    return dashboard_print_run(job_id=job_id)
