"""Celery tasks: thin. They carry a job id and call the service; the job row holds the state."""

from celery import shared_task

from reports import services


@shared_task(name="reports.render", acks_late=True, reject_on_worker_lost=True)
def report_render(job_id: int) -> str:
    """Render one RenderJob; a duplicate delivery finds the job already claimed and does nothing."""
    return services.job_run(job_id=job_id)


@shared_task(name="reports.sweep", acks_late=False)
def report_jobs_sweep() -> dict:
    """Periodic (Celery beat): re-send lost queued jobs, re-queue jobs whose worker died."""
    return services.jobs_sweep()
