"""The periodic report's job: request (a row, queued) → Celery → figures → PDF or XLSX stored on the row.

The render-job pattern of reports/services.py: the row is the source of truth, the broker carries its
id, the claim and the finish are compare-and-set UPDATEs on (status, attempts), so a duplicate delivery
does nothing and a failure says why on the row. The figures are read as the requesting user sees them.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.job_rows import job_enqueue_on_commit, job_run, stored_bytes
from reports.models import PeriodicReport
from reports.periodic.figures import Period, periodic_figures
from reports.periodic.rendering import periodic_header, periodic_pdf, periodic_xlsx


def periodic_document(
    *, user, period: Period, fmt: str, issuer=None, issued_on=None, number=None, signer_name="", signer_position=""
):
    """Figures → rendered bytes (PDF or XLSX): what the job and ``manage.py periodic_report`` both run."""
    issued_on = issued_on or min(period.end + datetime.timedelta(days=5), timezone.localdate())
    figures = periodic_figures(user=user, period=period)
    header = periodic_header(
        figures,
        issuer=issuer,
        issued_on=issued_on,
        number=number,
        signer_name=signer_name,
        signer_position=signer_position,
    )
    render = periodic_xlsx if fmt == PeriodicReport.Format.XLSX else periodic_pdf
    return render(figures, header)


@transaction.atomic
def periodic_request(*, user, period: Period, fmt: str, issued_on: datetime.date, **details) -> PeriodicReport:
    """Queue the report for ``period``; ``details``: number, signer_name, signer_position (a final one has a number)."""
    from reports.tasks import periodic_render

    official = getattr(user, "official", None)
    job = PeriodicReport.objects.create(
        period=str(period),
        format=fmt,
        issuer=official.agency if official else None,
        issued_on=issued_on,
        requested_by=user,
        **details,
    )
    job_enqueue_on_commit(job, periodic_render, "Periodic report")
    return job


def periodic_run(*, job_id: int) -> str:
    """Claim, render and store one periodic report: "done", "failed" or "skipped" (duplicate delivery)."""

    def render(job, mine):
        rendered = periodic_document(
            user=job.requested_by,
            period=Period.parse(job.period),
            fmt=job.format,
            issuer=job.issuer,
            issued_on=job.issued_on,
            number=job.number,
            signer_name=job.signer_name,
            signer_position=job.signer_position,
        )
        return stored_bytes(job, rendered.content, pages=rendered.pages)

    failure = _("Không tạo được báo cáo (%(error)s).")
    related = ("issuer__parent", "issuer__area")
    return job_run(PeriodicReport, job_id, render, related=related, label="Periodic report", failure=failure)
