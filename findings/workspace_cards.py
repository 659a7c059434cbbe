"""The workspace's item cards as plain values, and what every card shares worked out once (issues 3, 22).

A visit of 200 items renders 200 cards, so a card's cost is the page's cost. In a template each step of
``row.result.item.code`` tries a key, then an attribute, then an index, and every ``{% trans %}`` and
``{% url %}`` runs again on every card. A card here is one flat dict, read in one step per value; the
labels, the choices and the in-place finding URL are translated and reversed once per request. Rendering
Django form widgets cost more than the rest of the page, so the partial writes its inputs from these
values instead.
"""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from findings.models.results import Progress, Result
from findings.templatetags.item_card import RESULT_MARKS
from units.templatetags.people import person_name

RESULT_COLOURS = {Result.PASS: "success", Result.PARTIAL: "warning", Result.FAIL: "danger"}


def card_shared(visit) -> dict:
    """What is the same on every card of ``visit``: labels, choices, the URL of a finding typed in place."""
    return {
        "result_choices": [  # colour is never the only cue: each state has its words and its own mark
            (value, str(label), RESULT_COLOURS.get(value, "secondary"), RESULT_MARKS[value])
            for value, label in Result.choices
        ],
        "progress_choices": [(value, str(label)) for value, label in Progress.choices],
        "draft_key": f"v{visit.pk}:item-",
        "finding_in_place_url": reverse("findings:finding_create", args=[visit.pk]) + "?in_place=1",
        "guidance": _("Hướng dẫn, căn cứ"),
        "result": _("Kết quả"),
        "progress": _("Tiến độ"),
        "note": _("Ghi chú"),
        "save": _("Lưu"),
        "add_limitation": _("Ghi hạn chế"),
        "add_photo": _("Thêm ảnh"),
        "saved": _("Đã lưu."),
        "not_assessed": _("Chưa đánh giá"),
    }


def item_card(row, form=None, editable=True, save_url=None) -> dict:
    """One item's card: the values typed (a refused form) or stored, the errors, and the item's words.

    ``save_url``: ``tthc_inspect.reversing.url_by_id("findings:item_result_save")`` made once for a page's cards.
    """
    if form is not None and form.is_bound:
        values = {name: form.data.get(form.add_prefix(name), "") for name in ("result", "progress", "note", "revision")}
        errors = [f"{form.fields[f].label}: {e}" if f != "__all__" else e for f, es in form.errors.items() for e in es]
    else:
        values = {"result": row.result, "progress": row.progress, "note": row.note, "revision": row.revision}
        errors = []
    item = row.item
    card = {
        "pk": str(row.pk),  # printed in ids eight times a card: a string skips number formatting
        "item_id": str(row.item_id),
        "code": item.code,
        "text": item.text,
        "guidance": item.guidance,
        "legal_basis": item.legal_basis,
        "caption": f"{item.code} {Truncator(item.text).words(12, truncate=' …')}",
        "values": values,
        "errors": errors,
        "prefix": f"r{row.pk}",
        "editable": editable,
        "save_url": (save_url(row.pk) if save_url else reverse("findings:item_result_save", args=[row.pk]))
        if editable
        else "",
        "result": row.result,
    }
    if editable:
        card["saved_by"] = person_name(row.updated_by) if row.updated_by_id else ""
        card["saved_at"] = row.updated_at
    else:  # what a reader sees instead of the inputs
        card["result_display"] = row.get_result_display()
        card["progress_display"] = row.get_progress_display()
        card["progress_by"] = person_name(row.progress_by) if row.progress_by_id else ""
        card["note"] = row.note
    return card
