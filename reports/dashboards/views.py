"""Dashboard pages: thin function views over ``selectors``; every page is read-only (GET).

Charts are separate ``image/svg+xml`` responses behind the same login and scoping, shown with
``<img>``, so the pages contain no inline style or script (ready for a strict CSP).
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inspections.models import Plan
from reports.dashboards import charts, exports, selectors
from reports.dashboards.cache import cached
from reports.dashboards.filters import DashboardFilter, DrillDown
from tthc_inspect.files import XLSX_CONTENT_TYPE, download_headers
from units.models import AdminArea

PAGE_SIZE = 50


def _filter(request) -> DashboardFilter:
    years = selectors.years_for(user=request.user)
    return DashboardFilter(request.GET, user=request.user, years=years)


def _context(request, dashboard: DashboardFilter, **extra) -> dict:
    scope = dashboard.scope
    return {
        "filter": dashboard,
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
    return render(request, "reports/dashboards/year_over_year.html", _context(request, dashboard, **data))


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


CHARTS = {
    "cuoc-kiem-tra": lambda user, scope, today: charts.count_bars(
        selectors.visit_progress(user=user, scope=scope), _("Cuộc kiểm tra theo trạng thái"), horizontal=False
    ),
    "noi-dung": lambda user, scope, today: charts.rate_bars(
        [
            {"label": f"{r['code']}. {r['title']}", "rate": r["rate"]}
            for r in selectors.compliance_by_section(user=user, scope=scope)
        ],
        _("Tỷ lệ đạt theo nội dung kiểm tra"),
    ),
    "co-quan": lambda user, scope, today: charts.rate_bars(
        selectors.compliance_by_agency(user=user, scope=scope),
        _("Các cơ quan có tỷ lệ đạt thấp nhất"),
        label_key="name",
    ),
    "han-che-tieu-chi": lambda user, scope, today: charts.count_bars(
        [
            {"label": f"{r['code']} {r['text'] or ''}".strip() if r["code"] else None, "n": r["n"]}
            for r in selectors.limitations_by_item(user=user, scope=scope)
        ],
        _("Tiêu chí có nhiều hạn chế nhất"),
    ),
    "khac-phuc": lambda user, scope, today: charts.count_bars(
        selectors.remediation_summary(user=user, scope=scope, today=today)["states"],
        _("Biện pháp khắc phục"),
    ),
    "theo-nam-noi-dung": lambda user, scope, today: charts.yoy_lines(
        selectors.pivot(selectors.yoy_by_section(user=user, scope=scope), "code", "title"),
        _("Tỷ lệ đạt theo nội dung qua các năm"),
    ),
}


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


def _filter_text(dashboard: DashboardFilter) -> str:
    """The filter in words, printed at the top of an export (no query: labels come from the bound form)."""
    form = dashboard.form
    parts = []
    for name in ("year", "plan", "kind", "level", "area", "status"):
        field = form[name]
        value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if value:
            shown = str(value) if not isinstance(value, Plan | AdminArea) else field.field.label_from_instance(value)
            if name in ("kind", "level", "status"):
                shown = dict(field.field.choices).get(value, value)
            parts.append(f"{field.label}: {shown}")
    return "; ".join(str(p) for p in parts) or _("Tất cả dữ liệu được phép xem")


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
    content = exports.xlsx(title, head, rows, _filter_text(dashboard))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return download_headers(response, f"tong-hop-{name}.xlsx")
