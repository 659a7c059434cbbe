"""The plan list's rows, written in Python: one ``format_html`` a row (issue 22; see drill_rows)."""

from django import template
from django.utils.formats import date_format

from tthc_inspect.html import format_html_join
from tthc_inspect.reversing import url_by_id
from units.templatetags.ui import status_badge

register = template.Library()

PLAN_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class="text-end">{}</td><td>{}</td></tr>\n'
)


@register.simple_tag
def plan_rows(plans) -> str:
    """Number (link), date issued, title, issuer, number of visits, status."""
    plan_url = url_by_id("inspections:plan_detail")
    return format_html_join(
        "",
        PLAN_ROW,
        (
            (
                plan_url(p.pk), p.number,
                date_format(p.issued_on, "d/m/Y") if p.issued_on else "",
                p.title, p.issuer.name if p.issuer_id else "", p.visit_count, status_badge(p),
            )
            for p in plans
        ),
    )  # fmt: skip
