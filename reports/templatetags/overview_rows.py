"""The overview's three longest tables, written in Python: one ``format_html`` a row (issue 22; see
drill_rows). Each row links to the drill-down list with the page's filter (``query``) and its own key."""

from urllib.parse import quote

from django import template
from django.utils.translation import gettext as _

from reports.templatetags.drill_rows import area_note
from tthc_inspect.html import format_html, format_html_join
from tthc_inspect.reversing import url_by_id
from units.templatetags.ui import rate

register = template.Library()

AGENCY_ROW = (
    '<tr>\n          <th scope="row" class="fw-normal"><a href="{agency_url}">{name}</a>{area}</th>\n'
    '          <td class="text-end"><a href="{list_url}">{visits}</a></td>\n'
    '          <td class="text-end">{passed} / {partial} / {failed}</td>\n'
    '          <td class="text-end"><a href="{list_url}">{rate}</a></td>\n        </tr>'
)
ITEM_ROW = (
    '<tr>\n          <th scope="row" class="fw-normal text-break">{item}</th>\n'
    '          <td class="text-end"><a href="{list_url}">{n}</a></td>\n'
    '          <td class="text-end">{agencies}</td>\n        </tr>'
)
LIMITED_AGENCY_ROW = (
    '<tr>\n          <th scope="row" class="fw-normal">{name}{area}</th>\n'
    '          <td class="text-end"><a href="{list_url}">{n}</a></td>\n'
    '          <td class="text-end">{high}</td>\n        </tr>'
)


@register.simple_tag(takes_context=True)
def agency_rows(context, rows) -> str:
    """Agencies, weakest first: name (its page), visits and rate (the visits list of that agency)."""
    agency_url, visits = url_by_id("dashboards:agency"), f"{context['visits_url']}?{context['query']}"
    return format_html_join(
        "",
        AGENCY_ROW,
        (
            {
                "agency_url": agency_url(r["agency_id"]),
                "name": r["name"],
                "area": area_note(r.get("area")),
                "list_url": f"{visits}&agency={r['agency_id']}",
                "visits": r["visits"],
                "passed": r["passed"],
                "partial": r["partial"],
                "failed": r["failed"],
                "rate": rate(r["rate"]),
            }
            for r in rows
        ),
    )


@register.simple_tag(takes_context=True)
def limitation_item_rows(context, rows) -> str:
    """Checklist items with the most limitations (or none: general remarks), linked to those findings."""
    findings = f"{context['findings_url']}?{context['query']}&finding=limitation"
    general = _("Nhận xét chung (không gắn tiêu chí)")

    def row(r):
        if r["code"]:
            key = f"section={quote(str(r['section']), safe='/')}&item={quote(str(r['code']), safe='/')}"
            item = format_html("{} {}", r["code"], r["text"])
        else:
            key, item = "item=chung", general
        return {"item": item, "list_url": f"{findings}&{key}", "n": r["n"], "agencies": r["agencies"]}

    return format_html_join("", ITEM_ROW, (row(r) for r in rows))


@register.simple_tag(takes_context=True)
def limitation_agency_rows(context, rows) -> str:
    """Agencies with the most limitations, linked to their findings."""
    findings = f"{context['findings_url']}?{context['query']}&finding=limitation"
    return format_html_join(
        "",
        LIMITED_AGENCY_ROW,
        (
            {
                "name": r["name"],
                "area": area_note(r.get("area")),
                "list_url": f"{findings}&agency={r['agency_id']}",
                "n": r["n"],
                "high": r["high"],
            }
            for r in rows
        ),
    )
