"""Checklist import within the documented schema and limits (issue 13; docs/checklist-format.md).

Before: 100,000 nested brackets → 500 RecursionError; ``levels: [[province]]`` → 500 TypeError;
codes of 5,000 characters and a 100,000-character title were stored; 55,000 items were accepted in
34 s (the page then took 11 s). Each is now a Vietnamese message naming the field, and nothing is
imported.
"""

import io
import json
import time

import pytest
import yaml
from django.urls import reverse

from checklists import formats
from checklists.formats import MAX_ITEMS, ChecklistFormatError, checklist_import
from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from tests.timebound import time_bound

pytestmark = pytest.mark.django_db

HEAD = "code: thu\ntitle: Mẫu thử\n"


def template(items: str = '      - code: "1.1"\n        text: Niêm yết TTHC\n', *, section='  - code: "1"\n') -> str:
    return HEAD + "sections:\n" + section + "    title: Công khai\n    items:\n" + items


def many_items(n: int, text: str = "Tiêu chí") -> str:
    """``n`` items in flow style (about 30 bytes each: 55,000 of them fit in the 2 MB limit)."""
    return template("".join(f"      - {{code: {i}, text: {text} {i}}}\n" for i in range(1, n + 1)))


def as_json(**section) -> str:
    item = {"code": "1.1", "text": "Niêm yết TTHC"}
    data = {"code": "thu", "title": "Mẫu thử", "sections": [{"code": "1", "title": "Công khai", "items": [item]}]}
    data["sections"][0].update(section)
    return json.dumps(data, ensure_ascii=False)


def counts() -> tuple[int, int, int]:
    return ChecklistTemplate.objects.count(), ChecklistSection.objects.count(), ChecklistItem.objects.count()


CASES = {
    "100,000 nested brackets (YAML)": (
        HEAD + "sections: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "trường “sections[1][1][1][1][1][1][1]”: lồng nhau quá 8 cấp",
    ),
    "100,000 nested brackets (JSON)": (
        '{"code": "thu", "title": "x", "sections": [' + "[" * 100_000 + "]" * 100_000 + "]}",
        "lồng nhau quá 8 cấp",
    ),
    "100,000 nested mappings": (HEAD + "sections: " + "{a: " * 100_000 + "1" + "}" * 100_000, "lồng nhau quá 8 cấp"),
    "levels: [[province]]": (
        template('      - code: "1.1"\n        text: X\n        levels: [[province]]\n'),
        "trường “sections[1].items[1].levels”: chỉ gồm province, district, commune (không hợp lệ: […])",
    ),
    "levels: [{a: b}]": (
        template('      - code: "1.1"\n        text: X\n        levels: [{a: b}]\n'),
        "“sections[1].items[1].levels”: chỉ gồm province, district, commune (không hợp lệ: {…})",
    ),
    "template code of 5,000 characters": (
        HEAD.replace("code: thu", "code: " + "a" * 5000) + "sections: []\n",
        "trường “(gốc).code”: dài 5.000 ký tự; tối đa 60",
    ),
    "section code of 5,000 characters": (
        template(section=f"  - code: {'1' * 5000}\n"),
        "trường “sections[1].code”: dài 5.000 ký tự; tối đa 10",
    ),
    "item code of 5,000 characters": (
        template(f"      - code: {'x' * 5000}\n        text: X\n"),
        "trường “sections[1].items[1].code”: dài 5.000 ký tự; tối đa 12",
    ),
    "title of 100,000 characters": (
        HEAD.replace("title: Mẫu thử", "title: " + "Mẫu " * 25_000) + "sections: []\n",
        "trường “(gốc).title”: dài 99.999 ký tự; tối đa 300",
    ),
    "item text of 3,000 characters": (
        template('      - code: "1.1"\n        text: ' + "x" * 3000 + "\n"),
        "trường “sections[1].items[1].text”: dài 3.000 ký tự; tối đa 2.000",
    ),
    "55,000 items": (
        many_items(55_000, "x"),
        f"trường “sections[1].items[{MAX_ITEMS + 1}]”: tổng số tiêu chí vượt quá",
    ),
    "101 sections": (
        HEAD
        + "sections:\n"
        + "".join(f'  - code: "{i}"\n    title: N\n    items: [{{code: "1", text: T}}]\n' for i in range(101)),
        "trường “sections[101]”: số nhóm nội dung vượt quá giới hạn 100",
    ),
    "a list of 100,000 levels": (
        template('      - code: "1.1"\n        text: X\n        levels: [' + "province, " * 100_000 + "]\n"),
        "tệp có quá nhiều phần tử (tối đa 80.000)",
    ),
    "anchors and aliases": (
        template('      - &a {code: "1.1", text: X}\n      - *a\n'),
        "trường “sections[1].items[1]”: không dùng neo và tham chiếu YAML",
    ),
    'code inj"; filename=evil.html': (
        HEAD.replace("code: thu", "code: 'inj\"; filename=evil.html'") + "sections: []\n",
        "trường “(gốc).code”: chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang và gạch dưới",
    ),
    "item code with CR/LF": (
        template('      - code: "a\\r\\nb"\n        text: X\n'),
        "trường “sections[1].items[1].code”: chỉ gồm chữ cái không dấu, chữ số và các dấu . - _",
    ),
    "item code with markup": (
        template('      - code: "<b>1</b>"\n        text: X\n'),
        "trường “sections[1].items[1].code”: chỉ gồm",
    ),
    "NUL in a JSON text": (
        as_json(title="Công\u0000khai"),
        "trường “sections[1].title”: chứa ký tự điều khiển không được phép",
    ),
    "version past the limit": (
        HEAD + "version: 99999999999999999999\nsections: []\n",
        "trường “version”: phải là số nguyên dương (tối đa 9999)",
    ),
    "version ²": (HEAD + "version: ²\nsections: []\n", "trường “version”: phải là số nguyên dương"),
    "an unknown key of 1,000 characters": (
        HEAD + "x" * 1_000 + ": 1\nsections: []\n",
        "trường “(gốc).xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”: trường không được hỗ trợ",
    ),
    "a control character in the file": (HEAD + "description: a\x07b\nsections: []\n", "Tệp không đọc được"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_file_outside_the_schema_or_limits_names_the_field_and_imports_nothing(case):
    text, message = CASES[case]
    before = counts()
    with time_bound(10, f"import {case}"), pytest.raises(ChecklistFormatError) as refused:
        checklist_import(text)
    assert message in str(refused.value)
    assert len(str(refused.value)) < 400
    assert counts() == before


def test_the_largest_allowed_template_is_imported_and_shown_quickly(client, demo):
    started = time.monotonic()
    with time_bound(20, "import 2,000 items"):
        imported = checklist_import(many_items(MAX_ITEMS))
    took = time.monotonic() - started
    assert ChecklistItem.objects.filter(section__template=imported).count() == MAX_ITEMS
    client.force_login(demo.users["office"])
    with time_bound(20, "checklist page of 2,000 items"):
        page = client.get(reverse("findings:checklist_detail", args=[imported.pk]))
    assert page.status_code == 200 and "Tiêu chí 2000" in page.content.decode()
    print(f"2,000 items imported in {took:.1f} s")


@pytest.mark.parametrize("case", ["100,000 nested brackets (YAML)", "55,000 items", "levels: [[province]]"])
def test_the_upload_page_shows_the_message_and_saves_nothing(client, demo, case):
    text, message = CASES[case]
    client.force_login(demo.users["office"])
    before = counts()
    upload = io.BytesIO(text.encode())
    upload.name = "mau.yaml"
    with time_bound(10, f"upload {case}"):
        response = client.post(reverse("findings:checklist_upload"), {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert counts() == before


def test_an_upload_over_2_mb_is_refused_before_reading(client, demo):
    client.force_login(demo.users["office"])
    upload = io.BytesIO(b"#" * (2 * 1024 * 1024 + 1))
    upload.name = "mau.yaml"
    response = client.post(reverse("findings:checklist_upload"), {"file": upload})
    assert "Tệp mẫu quá lớn (tối đa 2 MB)" in response.content.decode()


@pytest.mark.parametrize("case", ["100,000 nested brackets (YAML)", "55,000 items", "anchors and aliases"])
def test_the_same_messages_without_libyaml(monkeypatch, case):
    """Where PyYAML was built without libyaml, the pure-Python parser gives the same answers."""
    monkeypatch.setattr(formats, "LOADER", yaml.SafeLoader)
    text, message = CASES[case]
    with time_bound(20, f"import {case} (pure Python)"), pytest.raises(ChecklistFormatError) as refused:
        checklist_import(text)
    assert message in str(refused.value)
