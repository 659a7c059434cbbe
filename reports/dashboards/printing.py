""" "Tải báo cáo tổng hợp": the overview as PDF, through the render-job pattern of reports/periodic/services.py.

Request (a ``DashboardPrint`` row, queued) → Celery (``reports.dashboard_print``) → the same selectors,
charts and filter as the page, read as the requesting user sees them on the requested day → WeasyPrint
(``reports.rendering.html_to_pdf``) → the file on the row. The claim and the finish are compare-and-set
UPDATEs on (status, attempts): a duplicate delivery does nothing; a failure says why on the row.
"""

from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.dashboards import selectors
from reports.dashboards.figures import CHARTS, OVERVIEW_CHARTS
from reports.dashboards.filters import DashboardFilter
from reports.job_rows import job_enqueue_on_commit, job_run, stored_bytes
from reports.models import DashboardPrint
from reports.rendering import SafeFetcher, html_to_pdf


def dashboard_pdf(*, user, query: str, today) -> tuple[bytes, int]:
    """The overview for ``query`` as ``user`` sees it on ``today``: (PDF bytes, pages)."""
    dashboard = DashboardFilter(QueryDict(query), user=user, years=selectors.years_for(user=user))
    scope = dashboard.scope
    data = selectors.overview(user=user, scope=scope, today=today)
    # pygal writes every label through lxml, which escapes it: the SVG is safe to inline as is.
    pictures = {name.replace("-", "_"): mark_safe(CHARTS[name](user, scope, today)) for name in OVERVIEW_CHARTS}  # noqa: S308
    context = {**data, "charts": pictures, "filter_text": dashboard.text(), "today": today, "scope": scope}
    html = render_to_string("reports/dashboards/pdf/overview.html", context)
    return html_to_pdf(html, SafeFetcher())


@transaction.atomic
def dashboard_print_request(*, user, query: str, today) -> DashboardPrint:
    """Queue the PDF of the overview for ``query``; the id goes to the broker once the row is committed."""
    from reports.tasks import dashboard_print

    job = DashboardPrint.objects.create(query=query, today=today, requested_by=user)
    job_enqueue_on_commit(job, dashboard_print, "Dashboard print")
    return job


def dashboard_print_run(*, job_id: int) -> str:
    """Claim, render and store one dashboard PDF: "done", "failed" or "skipped" (duplicate delivery)."""

    def render(job, mine):
        content, pages = dashboard_pdf(user=job.requested_by, query=job.query, today=job.today)
        return stored_bytes(job, content, pages=pages)

    failure = _("Không tạo được báo cáo (%(error)s).")
    return job_run(DashboardPrint, job_id, render, label="Dashboard print", failure=failure)
