"""The workspace's item card (``findings/templatetags/item_card.py``): what the inspector reads and types
is shown escaped, in the page's language, with the same names the form posts."""

import datetime
from types import SimpleNamespace

from django.template import engines
from django.utils import translation

from findings.models.results import Progress, Result
from findings.workspace_cards import RESULT_COLOURS

CARD = engines["django"].from_string("{% load item_card %}{% item_card %}")


def _cards():
    return {
        "result_choices": [(v, str(label), RESULT_COLOURS.get(v, "secondary"), "·") for v, label in Result.choices],
        "progress_choices": [(v, str(label)) for v, label in Progress.choices],
        "draft_key": "v9:item-",
        "finding_in_place_url": "/kiem-tra/9/phat-hien/?in_place=1",
        **{k: k.upper() for k in ("guidance", "result", "progress", "note", "save", "add_limitation", "add_photo")},
        "saved": "Đã lưu.",
        "not_assessed": "Chưa đánh giá",
    }


def _row(**changes):
    row = {
        "pk": "41", "item_id": "7", "code": "1.2", "text": "Niêm yết <công khai>", "guidance": "Xem & đối chiếu",
        "legal_basis": "", "values": {"result": Result.FAIL, "progress": Progress.DONE, "note": "</textarea><b>x",
        "revision": 3}, "errors": ["Tiến độ: <không hợp lệ>"], "prefix": "r41", "editable": True,
        "save_url": "/ket-qua/41/", "result": Result.FAIL, "saved_by": "Nguyễn <Văn> A",
        "saved_at": datetime.datetime(2026, 3, 2, 1, 5, tzinfo=datetime.UTC),
    }  # fmt: skip
    return {**row, **changes}


def test_an_editable_card_posts_the_values_shown_and_escapes_every_one():
    html = CARD.render({"row": _row(), "cards": _cards(), "csrf_token": "TOK", "saved": True})
    assert 'id="item-41" data-item="7" data-saved>' in html
    assert 'name="r41-revision" value="3"' in html and 'value="TOK"' in html
    assert 'id="r41-result-fail" value="fail" checked' in html
    assert f'<option value="{Progress.DONE}" selected>' in html
    assert "&lt;/textarea&gt;&lt;b&gt;x</textarea>" in html  # a typed note cannot close the field
    assert "Niêm yết &lt;công khai&gt;" in html and "Xem &amp; đối chiếu" in html
    assert '<div class="text-danger small" role="alert" data-keep-draft>Tiến độ: &lt;không hợp lệ&gt;</div>' in html
    # the save time in Vietnam's time (UTC+7), the name escaped, the catalogue's sentence
    assert "Đã lưu. Lưu gần nhất: Nguyễn &lt;Văn&gt; A, 08:05 02/03" in html
    assert "<em>" not in html  # no legal basis, no empty line for it


def test_a_conflict_says_who_saved_what_in_english_too():
    someone = SimpleNamespace(get_full_name=lambda: "Trần <B>", get_username=lambda: "b")
    current = SimpleNamespace(
        updated_by=someone,
        updated_at=datetime.datetime(2026, 3, 2, 1, 5, tzinfo=datetime.UTC),
        get_result_display=lambda: "",
        get_progress_display=lambda: "Done",
        note="khác",
    )
    with translation.override("en"):
        html = CARD.render({"row": _row(), "cards": _cards(), "conflict": current, "csrf_token": "T"})
    assert "Trần &lt;B&gt; saved this criterion at 08:05 02/03/2026; your changes have not been saved." in html
    assert "<strong>—</strong> · Done · “khác”" in html
    assert "data-saved" not in html


def test_a_reader_sees_the_result_in_words_and_the_note_as_lines():
    row = _row(editable=False, result_display="", progress_display="Đang làm", progress_by="", note="a <b>\nc")
    html = CARD.render({"row": row, "cards": _cards()})
    assert "<form" not in html
    assert (
        "<strong>" + '<span class="result-mark" aria-hidden="true">✗</span> Chưa đánh giá</strong> · Đang làm' in html
    )
    assert '<div class="text-muted">a &lt;b&gt;<br>c</div>' in html


def test_the_findings_list_shows_photos_pdfs_and_explanations_escaped(db, demo):
    """``finding_cards``: a photo by its thumbnail URL and caption, a PDF by name, the agency's explanations."""
    from django.urls import reverse

    from findings.models import Evidence, Explanation, Finding
    from findings.selectors import visit_findings

    photo = Evidence.objects.exclude(thumbnail="").select_related("visit").first()
    finding = Finding.objects.filter(visit=photo.visit).first()
    finding.evidence.add(photo)
    Explanation.objects.create(finding=finding, text="Đã bổ sung <hồ sơ> & sổ")
    pdf = Evidence.objects.create(
        visit=photo.visit, kind=Evidence.Kind.PDF, caption="Biên bản <gốc>", sha256="0" * 64, size=1, original="x.pdf"
    )
    finding.evidence.add(pdf)
    card = engines["django"].from_string("{% load finding_cards %}{% finding_cards findings %}")
    html = card.render({"findings": visit_findings(visit=photo.visit)})
    thumbnail = reverse("findings:evidence_file", args=[photo.pk, "anh-nho"])
    assert f'<img src="{thumbnail}" alt="{photo.caption}" class="rounded border evidence-thumb-sm">' in html
    assert '<span class="badge text-bg-secondary">PDF: Biên bản &lt;gốc&gt;</span>' in html
    assert "<em>Giải trình của đơn vị:</em> Đã bổ sung &lt;hồ sơ&gt; &amp; sổ</div>" in html
    assert (
        f'<a href="{reverse("findings:finding_detail", args=[finding.pk])}" class="small">Chi tiết, lịch sử</a>' in html
    )
    assert html.count('<div class="card mb-2 border-') == Finding.objects.filter(visit=photo.visit).count()
