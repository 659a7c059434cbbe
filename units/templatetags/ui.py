"""Small UI tags used on many pages (a Python tag costs far less than an {% include %} per row)."""

import unicodedata

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import translation

from tthc_inspect.choices import choice_label
from tthc_inspect.html import format_html

register = template.Library()


@register.simple_tag
def status_badge(obj) -> str:
    """A status badge; the colour is a second cue only, the label always says the status in words.

    Each model with a status declares ``STATUS_TONES`` (status → Bootstrap colour), so this
    tag, in the lowest app, names no other app's states."""
    tone = getattr(type(obj), "STATUS_TONES", {}).get(obj.status, "secondary")
    return format_html('<span class="badge status-badge text-bg-{}">{}</span>', tone, choice_label(obj, "status"))


@register.filter("choice_label")
def choice_label_filter(obj, field_name: str) -> str:
    """``{{ f|choice_label:"kind" }}``: ``f.get_kind_display`` for a row of a long list (``tthc_inspect.choices``)."""
    return choice_label(obj, field_name)


@register.filter
def rate(value, unit: str = "\u00a0%") -> str:
    """A compliance rate (0–100, ``findings.models.results.compliance_rate``) as "62,5 %" with a no-break
    space (the unit never wraps to the next line), or "—" when nothing was assessed: one decimal, halves
    rounded up, in the active language's number format. The one way a rate is written, on pages and in
    documents; ``{{ r|rate:"" }}`` leaves out the unit (a column headed "%")."""
    return "—" if value is None else f"{floatformat(value, 1)}{unit}"


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """ "?…&page=N": the request's query string with another page number, built by ``urlencode`` (every value kept)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag
def languages_named_in_themselves() -> list[tuple[str, str]]:
    """(code, name) for the language switch, each name in its own language ("Tiếng Việt", "English"):
    the names of ``settings.LANGUAGES`` read under each language, in NFC (Django's own catalogs would
    say "Tiếng Anh" on a Vietnamese page, and its LANG_INFO spells "Tiếng Việt" decomposed)."""
    names = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            names.append((code, unicodedata.normalize("NFC", str(name))))
    return names


NAV_SECTIONS = {  # (namespace, url name prefix) → the navbar entry that page belongs to
    ("dashboards", ""): "dashboards",
    ("findings", "checklist"): "checklists",
    ("findings", "action"): "actions",
    ("findings", "agency_actions"): "actions",
    ("findings", "conclusion"): "actions",
    ("findings", ""): "plans",
    ("inspections", ""): "plans",
    ("reports", "home"): "home",
    ("reports", "calendar"): "calendar",
    ("reports", ""): "plans",
    ("units", "agency"): "directory",
    ("units", "official"): "directory",
}


@register.simple_tag
def nav_section(request) -> str:
    """Which navbar entry the current page belongs to, for ``aria-current="page"``."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    for (namespace, prefix), section in NAV_SECTIONS.items():
        if match.namespace == namespace and (match.url_name or "").startswith(prefix):
            return section
    return ""
