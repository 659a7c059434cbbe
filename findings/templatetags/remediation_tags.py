from django import template
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from tthc_inspect.html import format_html, format_html_join
from tthc_inspect.reversing import url_by_id
from units.templatetags.ui import status_badge

register = template.Library()


@register.filter
def overdue_on(action, today) -> bool:
    """{% if action|overdue_on:today %}: the agency still has to act and the deadline has passed."""
    return action.is_overdue(today)


ACTION_ROW = (
    '<tr><td data-label="{}"><a href="{}">{}</a></td>'
    '<td data-label="{}"><a href="{}">{}</a></td>'
    '<td data-label="{}" class="text-nowrap">{}</td>'
    '<td data-label="{}" class="text-nowrap">{}{}</td>'
    '<td data-label="{}">{}</td></tr>\n'
)


@register.simple_tag
def action_rows(actions, today) -> str:
    """The rows of the remediation list, written in Python: one step per row, not ~25 template nodes
    (the labels translated and the URLs reversed once per list; issue 22)."""
    agency, limitation, plan, deadline, status = (
        _("Cơ quan"),
        _("Hạn chế cần khắc phục"),
        _("Kế hoạch"),
        _("Thời hạn"),
        _("Trạng thái"),
    )
    overdue = format_html(' <span class="badge text-bg-danger">{}</span>', _("Quá hạn"))
    agency_url, action_url = url_by_id("findings:agency_actions"), url_by_id("findings:action_detail")
    return format_html_join(
        "",
        ACTION_ROW,
        (
            (
                agency, agency_url(a.agency_id), a.agency.name,
                limitation, action_url(a.pk), Truncator(a.description).words(18, truncate=" …"),
                plan, a.visit.plan.number,
                deadline, date_format(a.deadline, "d/m/Y"), overdue if a.is_overdue(today) else "",
                status, status_badge(a),
            )
            for a in actions
        ),
    )  # fmt: skip
