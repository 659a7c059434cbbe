"""The workspace's per-item choices, written in one pass.

A visit page shows every checklist item with its result buttons and progress options; as
template loops they were most of the page's rendering time (about 60 variable look-ups per item).
Same HTML as the loops they replace; every value escaped by ``format_html``.
"""

from django import template

from findings.models.results import Result
from tthc_inspect.html import format_html, format_html_join

register = template.Library()

# A result is told by its words and a mark of its own, not by colour alone (WCAG 1.4.1).
RESULT_MARKS = {Result.PASS: "✓", Result.PARTIAL: "◐", Result.FAIL: "✗", Result.NOT_APPLICABLE: "–"}


@register.simple_tag
def result_buttons(row: dict, choices: list) -> str:
    """The result radios of one item as a Bootstrap button group (``choices``: value, label, colour, mark)."""
    prefix, chosen = row["prefix"], row["values"]["result"]
    return format_html_join(
        "\n",
        '<input type="radio" class="btn-check" name="{0}-result" id="{0}-result-{1}" value="{1}"{2}>'
        '<label class="btn btn-sm btn-outline-{3}" for="{0}-result-{1}">'
        '<span class="result-mark" aria-hidden="true">{5}</span> {4}</label>',
        (
            (prefix, value, " checked" if chosen == value else "", colour, label, mark)
            for value, label, colour, mark in choices
        ),
    )


@register.filter
def result_mark(value: str) -> str:
    """The mark printed before a saved result's words (nothing for an unassessed item)."""
    mark = RESULT_MARKS.get(value)
    return format_html('<span class="result-mark" aria-hidden="true">{}</span> ', mark) if mark else ""


@register.simple_tag
def progress_options(row: dict, choices: list) -> str:
    """The <option>s of one item's progress select (``choices``: value, label)."""
    chosen = row["values"]["progress"]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if chosen == value else "", label) for value, label in choices),
    )
