"""The dashboard's charts by name: what ``/tong-hop/bieu-do/<name>.svg`` serves and the printed overview inlines.

Each draws from the selectors with the page's scope, so the picture, the page's table and the PDF
show the same figures.
"""

from django.utils.translation import gettext as _

from reports.dashboards import charts, selectors

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

OVERVIEW_CHARTS = ("cuoc-kiem-tra", "noi-dung", "co-quan", "han-che-tieu-chi", "khac-phuc")
