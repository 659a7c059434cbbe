"""Searchable pickers (htmx, no JavaScript framework): one text box, a short list of matches, a hidden id.

``SearchPicker`` replaces a long ``<select>``: it renders the chosen row's label, a search box whose
input asks ``url`` (htmx, 300 ms after typing) for at most ``PICKER_LIMIT`` matches, and the hidden
input the form reads. ``static/js/app.js`` copies a clicked match into the hidden input (or adds a chip
for a multiple picker). The labels say enough to tell namesakes apart: kind, area, validity.
"""

import datetime
from html import escape

from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from units.models import AdminArea, Agency, Level, Official

PICKER_LIMIT = 20


def day_text(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def validity_text(valid_from, valid_to) -> str:
    if valid_from and valid_to:
        return _("%(a)s – %(b)s") % {"a": day_text(valid_from), "b": day_text(valid_to)}
    if valid_to:
        return _("đến %(d)s") % {"d": day_text(valid_to)}
    if valid_from:
        return _("từ %(d)s") % {"d": day_text(valid_from)}
    return ""


def area_label(area: AdminArea) -> str:
    """ "Xã Đăk Pxi — tỉnh Quảng Ngãi · cấp xã · từ 01/07/2025": level, parent and edition told apart."""
    chain = []
    parent = area.parent if area.parent_id else None
    if parent is not None:
        chain.append(parent.name_in_text)
        if parent.level != Level.PROVINCE and parent.parent_id:
            chain.append(parent.parent.name_in_text)
    head = f"{area.name} — {', '.join(chain)}" if chain else area.name
    validity = validity_text(area.valid_from, area.valid_to) or area.get_edition_display()
    return " · ".join([head, area.get_level_display().lower(), validity])


def agency_label(agency: Agency) -> str:
    """ "Sở Nội vụ — Sở, ban, ngành · tỉnh Kon Tum · đến 30/06/2025"."""
    parts = [agency.get_kind_display()]
    if agency.area_id:
        parts.append(agency.area.name_in_text)
    if agency.parent_id:
        parts.append(_("thuộc %(p)s") % {"p": agency.parent.name})
    validity = validity_text(agency.valid_from, agency.valid_to)
    if validity:
        parts.append(validity)
    return f"{agency.name} — {' · '.join(parts)}"


def official_label(official: Official) -> str:
    position = f", {official.position}" if official.position else ""
    return f"{official.full_name}{position} — {official.agency.name}"


AGENCY_RELATED = ("area", "area__parent", "parent")
AREA_RELATED = ("parent", "parent__parent")


class SearchPicker(forms.Widget):
    """A hidden id plus a search box; ``url`` is a URL name answering ``?q=`` with ``picker_results.html``.

    ``include`` names other form fields sent along (e.g. the visit's planned start: only agencies
    valid that day are offered). ``multiple`` keeps a list of chips, each with its own hidden input.
    """

    def __init__(self, *, url: str, model, label, related=(), include: str = "", multiple=False, extra=None):
        super().__init__()
        self.url, self.model, self.label, self.related = url, model, label, related
        self.include, self.multiple, self.extra = include, multiple, extra or {}

    def value_from_datadict(self, data, files, name):
        if self.multiple:  # a QueryDict from a request, or a plain dict from an import (inspections.schedule_import)
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            return [v for v in (values if isinstance(values, list | tuple) else [values]) if v]
        return data.get(name)

    def chosen(self, value) -> list:
        values = value if isinstance(value, list | tuple) else [value]
        ids = [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]
        ids = [i for i in ids if i.isdigit()]
        if not ids:
            return []
        # The field's own (scoped) choices when it has them: a posted id outside them shows no label.
        queryset = getattr(self.choices, "queryset", None)
        queryset = queryset if queryset is not None else self.model.objects.all()
        rows = queryset.select_related(*self.related).filter(pk__in=ids)
        return sorted(rows, key=lambda r: ids.index(str(r.pk)))

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.attrs, **(attrs or {})}
        box_id = attrs.get("id") or f"id_{name}"
        chosen = self.chosen(value)
        query = "&".join(f"{escape(k)}={escape(str(v))}" for k, v in self.extra.items())
        url = reverse(self.url) + (f"?{query}" if query else "")
        include = f' hx-include="{escape(self.include)}"' if self.include else ""
        hidden = "".join(
            self.chip(name, row) if self.multiple else f'<input type="hidden" name="{escape(name)}" value="{row.pk}">'
            for row in chosen
        )
        if not chosen and not self.multiple:
            hidden = f'<input type="hidden" name="{escape(name)}" value="">'
        text = "" if self.multiple or not chosen else self.label(chosen[0])
        placeholder = _("Gõ vài chữ để tìm (không cần dấu)…")
        html = (
            f'<div class="picker" data-picker="{escape(name)}"{" data-multiple" if self.multiple else ""}>'
            f'<div class="picker-chosen">{hidden}</div>'
            f'<input type="search" id="{escape(box_id)}" class="form-control picker-box" name="q" autocomplete="off"'
            f' value="{escape(text)}" placeholder="{escape(placeholder)}" hx-get="{escape(url)}"{include}'
            f' hx-trigger="input changed delay:300ms, focus" hx-target="next .picker-results" hx-sync="this:replace">'
            f'<div class="picker-results list-group" aria-live="polite"></div></div>'
        )
        return mark_safe(html)  # noqa: S308  (every part escaped)

    def chip(self, name, row) -> str:
        remove = escape(_("Bỏ"))
        return (
            f'<span class="badge text-bg-light border me-1 mb-1 picker-chip">{escape(self.label(row))}'
            f'<input type="hidden" name="{escape(name)}" value="{row.pk}">'
            f' <button type="button" class="btn-close btn-close-sm" aria-label="{remove}"'
            " data-picker-remove></button></span>"
        )


def area_picker(**kwargs) -> SearchPicker:
    return SearchPicker(url="units:area_search", model=AdminArea, label=area_label, related=AREA_RELATED, **kwargs)


def agency_picker(**kwargs) -> SearchPicker:
    return SearchPicker(url="pickers:agency", model=Agency, label=agency_label, related=AGENCY_RELATED, **kwargs)


def official_picker(**kwargs) -> SearchPicker:
    return SearchPicker(url="pickers:official", model=Official, label=official_label, related=("agency",), **kwargs)
