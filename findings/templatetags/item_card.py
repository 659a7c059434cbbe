"""One checklist item's card in the workspace, written in Python (issues 3, 22).

A visit page shows every item of the checklist; as a template a card cost ~60 nodes of look-ups,
autoescaping and conditions, most of the page's rendering. The card is the ``item`` partial of
``findings/workspace.html`` (the page and the answer to an item save), with the same markup as the
template it replaces. Values come from ``findings.workspace_cards`` (labels translated once per
request); every value is escaped by ``format_html``; the two sentences with a name and a time are the
catalogue's ``{% blocktrans %}`` messages, their values escaped.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from findings.models.results import Result
from tthc_inspect.html import conditional_escape, format_html, format_html_join
from units.templatetags.people import person_name

register = template.Library()

# A result is told by its words and a mark of its own, not by colour alone (WCAG 1.4.1).
RESULT_MARKS = {Result.PASS: "✓", Result.PARTIAL: "◐", Result.FAIL: "✗", Result.NOT_APPLICABLE: "–"}


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


def result_mark(value: str) -> str:
    """The mark printed before a saved result's words (nothing for an unassessed item)."""
    mark = RESULT_MARKS.get(value)
    return format_html('<span class="result-mark" aria-hidden="true">{}</span> ', mark) if mark else ""


def progress_options(row: dict, choices: list) -> str:
    """The <option>s of one item's progress select (``choices``: value, label)."""
    chosen = row["values"]["progress"]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if chosen == value else "", label) for value, label in choices),
    )


def _sentence(translated: str, **values) -> str:
    """A translated ``{% blocktrans %}`` message with its values escaped, as the tag writes it."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(translated % escaped)  # noqa: S308  (our catalogue's words, every value escaped)


def _time(value, fmt: str) -> str:
    return date_format(template_localtime(value), fmt) if value else ""


def _guidance(row: dict, cards: dict) -> str:
    if not (row["guidance"] or row["legal_basis"]):
        return ""
    return format_html(
        '\n      <details class="small text-muted"><summary>{}</summary>\n        {}\n        {}\n      </details>',
        cards["guidance"],
        format_html("<div>{}</div>", row["guidance"]) if row["guidance"] else "",
        format_html("<div><em>{}</em></div>", row["legal_basis"]) if row["legal_basis"] else "",
    )


def _conflict(conflict) -> str:
    """What the other person saved, beside what this one typed (kept below in the inputs)."""
    if not conflict:
        return ""
    return format_html(
        '\n        <div class="alert alert-warning small" role="alert" data-conflict data-keep-draft>\n          {}\n'
        "          <div>{}: <strong>{}</strong> · {}{}</div>\n          <div>{}</div>\n        </div>",
        _sentence(
            gettext("%(user)s đã lưu tiêu chí này lúc %(time)s; thay đổi của bạn chưa được lưu."),
            user=person_name(conflict.updated_by),
            time=_time(conflict.updated_at, "H:i d/m/Y"),
        ),
        gettext("Bản đã lưu"),
        conflict.get_result_display() or "—",
        conflict.get_progress_display(),
        format_html(" · “{}”", conflict.note) if conflict.note else "",
        gettext("Nội dung bạn nhập vẫn còn bên dưới; bấm Lưu lần nữa để ghi đè có chủ ý."),
    )


def _save_status(row: dict, cards: dict, saved: bool) -> str:
    parts = [format_html("{} ", cards["saved"])] if saved else []
    if row["saved_by"]:
        when = _time(row["saved_at"], "H:i d/m")
        parts.append(_sentence(gettext("Lưu gần nhất: %(user)s, %(time)s"), user=row["saved_by"], time=when))
    return mark_safe("".join(parts))  # noqa: S308  (each part is escaped above)


EDITABLE = """
      <form class="item-form mt-2" method="post" action="{save_url}" data-autosave data-outbox="item"
            data-draft="{draft_key}{pk}"
            hx-post="{save_url}" hx-target="#item-{pk}" hx-swap="outerHTML">
        <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
        <input type="hidden" name="{prefix}-revision" value="{revision}">{conflict}
        <fieldset class="mb-2"><legend class="visually-hidden">{result_label}</legend>
          <div class="btn-group flex-wrap" role="group">
          {result_buttons}
          </div>
        </fieldset>
        <div class="row g-2 align-items-start">
          <div class="col-sm-4"><label class="form-label small" for="{prefix}-progress">{progress_label}</label>
            <select name="{prefix}-progress" id="{prefix}-progress" class="form-select form-select-sm">
              {progress_options}
            </select></div>
          <div class="col-sm-8"><label class="form-label small" for="{prefix}-note">{note_label}</label>
            <textarea name="{prefix}-note" id="{prefix}-note" rows="2"
                      class="form-control form-control-sm">{note}</textarea></div>
        </div>
        {errors}
        <div class="d-flex flex-wrap align-items-center gap-2 mt-2">
          <button type="submit" class="btn btn-sm btn-primary">{save}</button>
          <button type="button" class="btn btn-sm btn-outline-danger" data-retry
                  hx-get="{finding_url}" hx-target="#extra-{pk}" hx-swap="innerHTML"
                  hx-trigger="click, tthc:retry">{add_limitation}</button>
          <button type="button" class="btn btn-sm btn-outline-secondary" data-photo-for="{pk}">{add_photo}</button>
          <span class="small text-muted save-status" role="status">{save_status}</span>
          <span class="small text-danger save-error" role="alert"></span>
        </div>
      </form>"""


def _editable(row: dict, cards: dict, *, saved: bool, conflict, csrf_token) -> str:
    return format_html(
        EDITABLE,
        save_url=row["save_url"],
        draft_key=cards["draft_key"],
        pk=row["pk"],
        csrf_token=csrf_token,
        prefix=row["prefix"],
        revision=row["values"]["revision"],
        conflict=_conflict(conflict),
        result_label=cards["result"],
        result_buttons=result_buttons(row, cards["result_choices"]),
        progress_label=cards["progress"],
        progress_options=progress_options(row, cards["progress_choices"]),
        note_label=cards["note"],
        note=row["values"]["note"],
        errors=format_html_join(
            "", '<div class="text-danger small" role="alert" data-keep-draft>{}</div>', ((e,) for e in row["errors"])
        ),
        save=cards["save"],
        finding_url=cards["finding_in_place_url"],
        add_limitation=cards["add_limitation"],
        add_photo=cards["add_photo"],
        save_status=_save_status(row, cards, saved),
    )


def _read_only(row: dict, cards: dict) -> str:
    """What a reader (or anyone once the results are submitted) sees instead of the inputs."""
    return format_html(
        '\n      <div class="mt-1 small"><strong>{}{}</strong> · {}{}\n        {}</div>',
        result_mark(row["result"]),
        row["result_display"] or cards["not_assessed"],
        row["progress_display"],
        format_html(" ({})", row["progress_by"]) if row["progress_by"] else "",
        format_html('<div class="text-muted">{}</div>', linebreaksbr(row["note"], autoescape=True))
        if row["note"]
        else "",
    )


@register.simple_tag(takes_context=True)
def item_card(context) -> str:
    """The card of ``row`` (``findings.workspace_cards.item_card``), with ``cards``, ``saved`` and ``conflict``."""
    row, cards, saved = context["row"], context["cards"], context.get("saved")
    if row["editable"]:
        body = _editable(
            row, cards, saved=saved, conflict=context.get("conflict"), csrf_token=context.get("csrf_token")
        )
    else:
        body = _read_only(row, cards)
    return format_html(
        '<div class="card mb-2 item-card" id="item-{}" data-item="{}"{}>\n    <div class="card-body py-2">\n'
        '      <div class="fw-semibold"><span class="item-code">{}</span> <span class="item-text">{}</span></div>'
        "{}{}\n    </div>\n  </div>",
        row["pk"],
        row["item_id"],
        mark_safe(" data-saved") if saved else "",  # noqa: S308  (a constant)
        row["code"],
        row["text"],
        _guidance(row, cards),
        body,
    )
