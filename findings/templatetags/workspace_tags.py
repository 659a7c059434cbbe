"""The workspace's per-item choices, written in one pass.

A visit page shows every checklist item with its result buttons and progress options; as
template loops they were most of the page's rendering time (about 60 variable look-ups per item).
Same HTML as the loops they replace; every value escaped by ``format_html``.
"""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def result_buttons(row: dict, choices: list) -> str:
    """The result radios of one item as a Bootstrap button group (``choices``: value, label, colour)."""
    prefix, chosen = row["prefix"], row["values"]["result"]
    return format_html_join(
        "\n",
        '<input type="radio" class="btn-check" name="{0}-result" id="{0}-result-{1}" value="{1}"{2}>'
        '<label class="btn btn-sm btn-outline-{3}" for="{0}-result-{1}">{4}</label>',
        ((prefix, value, " checked" if chosen == value else "", colour, label) for value, label, colour in choices),
    )


@register.simple_tag
def progress_options(row: dict, choices: list) -> str:
    """The <option>s of one item's progress select (``choices``: value, label)."""
    chosen = row["values"]["progress"]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if chosen == value else "", label) for value, label in choices),
    )
