"""Dashboard pages: thin function views over ``selectors``; every page is read-only (GET).

Charts are separate ``image/svg+xml`` responses behind the same login and scoping, shown with
``<img>``, so the pages contain no inline style or script (ready for a strict CSP).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports.dashboards import exports, printing, selectors
from reports.dashboards.cache import cached
from reports.dashboards.figures import CHARTS
from reports.dashboards.filters import DashboardFilter, DrillDown
from reports.models import DashboardPrint
from tthc_inspect.files import XLSX_CONTENT_TYPE, download_headers, private_file_response
from units.models import Agency

PAGE_SIZE = 50


def _filter(request) -> DashboardFilter:
    years = selectors.years_for(user=request.user)
    return DashboardFilter(request.GET, user=request.user, years=years)


def _context(request, dashboard: DashboardFilter, omit: tuple[str, ...] = (), **extra) -> dict:
    """``omit``: selects a page does not offer (year over year covers every year, hence every plan)."""
    scope = dashboard.scope
    return {
        "filter": dashboard,
        "selects": [s for s in dashboard.selects() if s["name"] not in omit],
        "scope": scope,
        "query": scope.query,
        "query_without_year": scope.query_without_year,
        "today": timezone.localdate(),
        **extra,
    }


@login_required
@require_GET
def overview(request):
    dashboard = _filter(request)
    today = timezone.localdate()
    data = cached(
        "overview",
        user=request.user,
        scope=dashboard.scope,
        today=today,
        compute=lambda: selectors.overview(user=request.user, scope=dashboard.scope, today=today),
    )
    return render(request, "reports/dashboards/overview.html", _context(request, dashboard, **data))


@login_required
@require_GET
def year_over_year(request):
    dashboard = _filter(request)
    data = cached(
        "year_over_year",
        user=request.user,
        scope=dashboard.scope,
        today=None,
        compute=lambda: selectors.year_over_year(user=request.user, scope=dashboard.scope),
    )
    context = _context(request, dashboard, omit=("year", "plan"), **data)
    return render(request, "reports/dashboards/year_over_year.html", context)


@login_required
@require_GET
def agency(request, pk: int):
    """One agency's trend across the years; an agency the user may not see is a 404."""
    shown = get_object_or_404(Agency.objects.visible_to(request.user).select_related("area"), pk=pk)
    data = selectors.agency_trend(user=request.user, agency_id=shown.pk)
    return render(request, "reports/dashboards/agency.html", {"agency": shown, **data})


def _drill(request) -> dict:
    return DrillDown(request.GET).values()


def _drill_labels(drill: dict, rows, agency_name: str) -> list[str]:
    """Human words for what the figure added to the filter (one query at most, for an agency's name).

    The agency's name is read from ``rows``, the list's own scoped queryset (``agency_name`` is the
    path to it): a liaison who types another agency's id sees no name, as it sees no rows.
    """
    labels = []
    if "agency" in drill:
        agency = rows.order_by().values_list(agency_name, flat=True)[:1]
        labels.append(_("Cơ quan: %(name)s") % {"name": next(iter(agency), None) or "—"})
    if "section" in drill:
        labels.append(_("Nội dung: %(code)s") % {"code": drill["section"]})
    if "item" in drill:
        labels.append(_("Tiêu chí: %(code)s") % {"code": drill["item"]})
    if "finding" in drill:
        labels.append(_("Loại phát hiện: %(kind)s") % {"kind": dict(selectors.Finding.Kind.choices)[drill["finding"]]})
    if "state" in drill:
        labels.append(_("Nhóm: %(state)s") % {"state": selectors.state_label(drill["state"])})
    if "age" in drill:
        labels.append(_("Tuổi: %(age)s") % {"age": selectors.age_label(drill["age"])})
    return labels


def _list_page(request, template: str, queryset_for, agency_name: str):
    dashboard = _filter(request)
    drill = _drill(request)
    today = timezone.localdate()
    queryset = queryset_for(user=request.user, scope=dashboard.scope, drill=drill, today=today)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = _drill_labels(drill, queryset, agency_name)
    return render(request, template, _context(request, dashboard, page=page, drill=drill, drill_labels=labels))


@login_required
@require_GET
def visit_list(request):
    return _list_page(
        request,
        "reports/dashboards/visit_list.html",
        lambda *, user, scope, drill, today: selectors.visit_list(user=user, scope=scope, drill=drill),
        "agency__name",
    )


@login_required
@require_GET
def finding_list(request):
    return _list_page(
        request,
        "reports/dashboards/finding_list.html",
        lambda *, user, scope, drill, today: selectors.finding_list(user=user, scope=scope, drill=drill),
        "visit__agency__name",
    )


@login_required
@require_GET
def action_list(request):
    return _list_page(request, "reports/dashboards/action_list.html", selectors.action_list, "agency__name")


@login_required
@require_GET
def chart(request, name: str):
    """One chart as SVG; the same filter and scoping as the page that shows it."""
    draw = CHARTS.get(name)
    if draw is None:
        raise Http404
    dashboard = _filter(request)
    today = timezone.localdate()
    svg = cached(
        f"chart:{name}:{request.LANGUAGE_CODE}",
        user=request.user,
        scope=dashboard.scope,
        today=today,
        compute=lambda: draw(request.user, dashboard.scope, today),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the SVG may use its own <style> and nothing else.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def print_request(request):
    """ "Tải báo cáo tổng hợp": queue the overview's PDF for this filter and today; follow it on its page."""
    dashboard = _filter(request)
    job = printing.dashboard_print_request(user=request.user, query=dashboard.scope.query, today=timezone.localdate())
    if getattr(job, "enqueue_failed", False):
        messages.warning(request, _("Hệ thống xử lý đang bận; báo cáo sẽ được tạo sau."))
    return redirect("dashboards:print_status", pk=job.pk)


def _print_job(request, pk: int) -> DashboardPrint:
    """The user's own print job; anyone else's is a 404."""
    return get_object_or_404(DashboardPrint.objects.filter(requested_by=request.user), pk=pk)


@login_required
@require_GET
def print_status(request, pk: int):
    """The job's page; htmx polls its row (the partial) until the PDF is ready."""
    job = _print_job(request, pk)
    partial = request.headers.get("HX-Request") == "true"
    template = "reports/dashboards/_print_job.html" if partial else "reports/dashboards/print.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def print_download(request, pk: int):
    job = _print_job(request, pk)
    if job.status != DashboardPrint.Status.DONE:
        raise Http404
    filename = f"tong-hop-{job.today:%Y%m%d}.pdf"
    return private_file_response(job.file, content_type="application/pdf", filename=filename)


@login_required
@require_GET
def export(request, name: str):
    dashboard = _filter(request)
    try:
        title, head, rows = exports.table_rows(
            name, user=request.user, scope=dashboard.scope, today=timezone.localdate()
        )
    except KeyError:
        raise Http404 from None
    content = exports.xlsx(title, head, rows, dashboard.text())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return download_headers(response, f"tong-hop-{name}.xlsx")
