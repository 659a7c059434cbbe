"""Small UI tags used on many pages (a Python tag costs far less than an {% include %} per row)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

register = template.Library()

SUCCESS = {"completed", "closed", "verified", "done"}
WARNING = {"returned", "failed"}
PRIMARY = {"in_progress", "submitted", "issued", "reported", "running"}


@register.simple_tag
def status_badge(status: str, label) -> str:
    """A status badge; the colour is a second cue only, the label always says the status in words."""
    colour = (
        "success"
        if status in SUCCESS
        else "warning"
        if status in WARNING
        else "primary"
        if status in PRIMARY
        else "secondary"
    )
    return format_html('<span class="badge status-badge text-bg-{}">{}</span>', colour, label)


@register.filter
def rate(value) -> str:
    """A compliance rate as "62,5 %" (localised, one decimal), or "—" when nothing was assessed."""
    return "—" if value is None else f"{floatformat(value, 1)} %"
