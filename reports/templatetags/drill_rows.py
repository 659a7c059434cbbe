"""The rows of the dashboards' drill-down lists, written in Python (issue 22).

A row in the template cost ~20 nodes of lookups and autoescaping, a ``{% url %}`` per link and a
translation per label; here a row is one ``format_html`` with its links from ``url_by_id`` (one
``reverse`` per list). The markup is the template's; the pages' tests read it.
"""

from django import template
from django.utils.formats import date_format
from django.utils.text import Truncator

from tthc_inspect.choices import choice_label
from tthc_inspect.html import format_html, format_html_join
from tthc_inspect.reversing import url_by_id
from units.templatetags.ui import rate, status_badge

register = template.Library()

VISIT_ROW = (
    '<tr><td><a href="{}">{}</a>{}</td><td class="text-nowrap">{} ({})</td><td class="text-nowrap">{}</td>'
    '<td>{}</td><td class="text-end">{} / {} / {} / {}</td><td class="text-end">{}</td></tr>\n'
)
FINDING_ROW = (
    '<tr><td><a href="{}">{}</a></td><td class="text-nowrap">{} ({})</td><td class="text-nowrap">{}</td>'
    '<td>{}</td><td><a href="{}">{}</a></td><td>{}</td></tr>\n'
)


def area_note(name) -> str:
    """The area after an agency's name, in brackets, or nothing when it has no area."""
    return format_html(' <span class="small text-muted">({})</span>', name) if name else ""


@register.simple_tag
def visit_rows(visits) -> str:
    """Visits behind a figure: agency (area), plan (year), start date, status, counts, rate."""
    visit_url = url_by_id("inspections:visit_detail")
    return format_html_join(
        "",
        VISIT_ROW,
        (
            (
                visit_url(v.pk), v.agency.name, area_note(v.agency.area and v.agency.area.name),
                v.plan.number, v.plan.year,
                date_format(v.planned_start, "d/m/Y") if v.planned_start else "",
                status_badge(v),
                v.passed, v.partial, v.failed, v.not_applicable,
                rate(v.rate),
            )
            for v in visits
        ),
    )  # fmt: skip


@register.simple_tag
def finding_rows(findings) -> str:
    """Findings behind a figure: agency, plan (year), checklist item, kind, description, severity."""
    visit_url, finding_url = url_by_id("inspections:visit_detail"), url_by_id("findings:finding_detail")
    return format_html_join(
        "",
        FINDING_ROW,
        (
            (
                visit_url(f.visit_id), f.visit.agency.name,
                f.visit.plan.number, f.visit.plan.year,
                (f.item.code if f.item else "") or "—",
                choice_label(f, "kind"),
                finding_url(f.pk), Truncator(f.description).words(24, truncate=" …"),
                choice_label(f, "severity") or "—",
            )
            for f in findings
        ),
    )  # fmt: skip
