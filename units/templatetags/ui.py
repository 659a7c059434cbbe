"""Small UI tags used on many pages (a Python tag costs far less than an {% include %} per row)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def status_badge(obj) -> str:
    """A status badge; the colour is a second cue only, the label always says the status in words.

    Each model with a status declares ``STATUS_TONES`` (status → Bootstrap colour), so this
    tag, in the lowest app, names no other app's states."""
    tone = getattr(type(obj), "STATUS_TONES", {}).get(obj.status, "secondary")
    return format_html('<span class="badge status-badge text-bg-{}">{}</span>', tone, obj.get_status_display())


@register.filter
def rate(value, unit: str = " %") -> str:
    """A compliance rate (0–100, ``findings.models.results.compliance_rate``) as "62,5 %", or "—" when nothing
    was assessed: one decimal, halves rounded up, in the active language's number format. The one way a rate is
    written, on pages and in documents; ``{{ r|rate:"" }}`` leaves out the unit (a column headed "%")."""
    return "—" if value is None else f"{floatformat(value, 1)}{unit}"


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """ "?…&page=N": the request's query string with another page number, built by ``urlencode`` (every value kept)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["page"] = number
    return f"?{query.urlencode()}"
