"""The default checklist, and import/export of templates as YAML, JSON and XLSX."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from checklists.formats import ChecklistFormatError, checklist_export_yaml, checklist_import, checklist_parse
from checklists.models import ChecklistItem, ChecklistTemplate
from checklists.services import DEFAULT_CHECKLIST, checklist_default, checklist_revise
from inspections.models import Plan
from inspections.selectors import checklist_is_frozen

GOOD = """\
code: thu
title: Mẫu thử
sections:
  - code: A
    title: Công khai
    items:
      - code: A.1
        text: Niêm yết TTHC
        levels: [district, commune]
"""


def test_default_template_covers_the_required_content(db):
    template = checklist_default()
    sections = list(template.sections.order_by("order"))
    assert len(sections) == 4  # the national 2020 edition: Kon Tum's QĐ 26 section is the demo plan's own
    assert not any("Đề án" in s.title for s in sections)
    text = " ".join(f"{i.text} {i.legal_basis}" for i in ChecklistItem.objects.filter(section__template=template))
    for point in ["điểm a", "điểm b", "điểm d", "điểm đ", "điểm e"]:
        assert f"khoản 2 {point}" in text, point  # the Đ35a groups (c is the whole of sections 3–4)
    for form in ["Mẫu 01", "Mẫu 02", "Mẫu 03", "Mẫu 04", "Mẫu 05", "Mẫu 06"]:
        assert form in text, form
    for topic in ["phản ánh, kiến nghị", "Nội quy", "phiếu đánh giá", "Phiếu xin lỗi"]:
        assert topic in text, topic
    assert checklist_default() == template  # imported once


def test_export_then_import_round_trips(db):
    template = checklist_default()
    exported = checklist_export_yaml(template)
    copy = checklist_import(exported.replace("version: 1", "version: 7"))
    assert copy.version == 7
    assert checklist_export_yaml(copy).replace("version: 7", "version: 1") == exported


def test_json_is_accepted(db):
    data = {
        "code": "json",
        "title": "Mẫu JSON",
        "sections": [{"code": "1", "title": "Nhóm", "items": [{"code": "1.1", "text": "Tiêu chí"}]}],
    }
    template = checklist_import(json.dumps(data, ensure_ascii=False))
    assert template.sections.get().items.get().levels == ["province", "district", "commune"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code: x\ntitle: [unclosed\n", "Dòng 3: tệp không đúng cú pháp YAML/JSON"),
        (GOOD.replace("        text: Niêm yết TTHC\n", ""), "Dòng 7, trường “sections[1].items[1].text”: bắt buộc"),
        (GOOD.replace("[district, commune]", "[district, ward]"), "Dòng 9, trường “sections[1].items[1].levels”"),
        (GOOD.replace("title: Mẫu thử\n", ""), "trường “(gốc).title”: bắt buộc"),
        (GOOD + "colour: red\n", "Dòng 10, trường “(gốc).colour”: trường không được hỗ trợ"),
        (
            GOOD.replace(
                "      - code: A.1\n        text: Niêm yết TTHC\n        levels: [district, commune]\n",
                "      - code: A.1\n        text: X\n      - code: A.1\n        text: Y\n",
            ),
            "Dòng 9, trường “sections[1].items[2].code”: ký hiệu “A.1” bị trùng",
        ),
        ("sections: 5\ncode: a\ntitle: b\n", "Dòng 1, trường “sections”: phải là một danh sách"),
        ("", "Tệp rỗng"),
    ],
)
def test_malformed_file_names_line_and_field_and_imports_nothing(db, text, message):
    before = (ChecklistTemplate.objects.count(), ChecklistItem.objects.count())
    with pytest.raises(ChecklistFormatError) as exc:
        checklist_import(text)
    assert message in str(exc.value)
    assert (ChecklistTemplate.objects.count(), ChecklistItem.objects.count()) == before


def test_parse_keeps_levels(db):
    spec = checklist_parse(GOOD)
    assert spec.sections[0].items[0].levels == ["district", "commune"]


def test_upload_page_shows_the_error_and_saves_nothing(client, demo):
    client.force_login(demo.users["office"])
    before = ChecklistTemplate.objects.count()
    bad = io.BytesIO(GOOD.replace("levels: [district, commune]", "levels: []").encode())
    bad.name = "mau.yaml"
    response = client.post(reverse("findings:checklist_upload"), {"file": bad})
    assert "Dòng 9, trường “sections[1].items[1].levels”" in response.content.decode()
    assert ChecklistTemplate.objects.count() == before
    good = io.BytesIO(GOOD.encode())
    good.name = "mau.yaml"
    response = client.post(reverse("findings:checklist_upload"), {"file": good})
    assert response.status_code == 302 and ChecklistTemplate.objects.filter(code="thu").exists()


def test_only_the_office_imports_and_revises(client, demo):
    template = checklist_default()
    for who in ["head", "member", "liaison", "leader"]:
        client.force_login(demo.users[who])
        assert client.post(reverse("findings:checklist_upload"), {}).status_code == 403
        assert client.post(reverse("findings:checklist_new_version", args=[template.pk])).status_code == 403


def test_template_used_by_an_issued_plan_is_frozen_and_revising_makes_a_new_version(demo):
    template = demo.plan.checklist  # the plan's own copy: the 2020 edition and its local section
    assert template.code == "kh-1978-kontum-2020" and demo.plan.status != Plan.Status.DRAFT
    assert checklist_is_frozen(template)
    new = checklist_revise(template=template)
    assert (new.version, new.code) == (2, template.code)
    assert not checklist_is_frozen(new)
    assert (
        ChecklistItem.objects.filter(section__template=new).count()
        == ChecklistItem.objects.filter(section__template=template).count()
    )
    demo.plan.refresh_from_db()
    assert demo.plan.checklist == template  # the plan and its visits keep the version they started with
    assert set(demo.plan.visits.values_list("checklist", flat=True)) == {template.pk}


def test_xlsx_export_lists_every_item(client, demo):
    client.force_login(demo.users["member"])
    template = checklist_default()
    response = client.get(reverse("findings:checklist_export", args=[template.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert codes == list(
        ChecklistItem.objects.filter(section__template=template)
        .order_by("section__order", "order")
        .values_list("code", flat=True)
    )
    assert sheet["A1"].value == template.title


def test_shipped_file_is_valid():
    spec = checklist_parse(DEFAULT_CHECKLIST.read_text(encoding="utf-8"))
    assert spec.code == "kstthc" and sum(len(s.items) for s in spec.sections) >= 24
