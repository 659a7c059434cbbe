"""Charts with very long labels answer at once and keep their text inside the picture (issue 13).

pygal splits a title to the width left beside its labels; a label of ~125 characters left no
width and its splitting looped forever (the request never answered, memory grew past 5 GB).
Every chart now shortens its labels before pygal sees them; the full text is in the table.
"""

import html
import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from checklists.models import ChecklistItem, ChecklistSection
from findings.models import Finding
from reports.dashboards import charts, selectors
from reports.dashboards.filters import Scope
from reports.dashboards.selectors import Pivot
from reports.dashboards.views import CHARTS
from tests.timebound import time_bound
from units.models import Agency

WORDS = ("Trung tâm Phục vụ hành chính công và Bộ phận Tiếp nhận và Trả kết quả tỉnh Kon Tum " * 10)[:500]
TOKEN = "Đ" + "ư" * 499  # one unbroken word of 500 characters: nowhere to cut at a space
LONG_LABELS = [WORDS, TOKEN, WORDS.replace(" ", "\n")[:500]]
SECONDS = 5  # a chart takes well under a second; a hang fails here instead of blocking CI

SVG_NS = "{http://www.w3.org/2000/svg}"
FONT_SIZES = {"title": 18, "default": 13}
TRANSLATE = re.compile(r"translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)")
ROTATE = re.compile(r"rotate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)[ ,]+([-\d.e]+)\s*\)")


def _anchor(element_classes: list[str], own: dict) -> str:
    """The text-anchor pygal's CSS gives a text (graph.css), or the element's own attribute."""
    if own.get("text-anchor"):
        return own["text-anchor"]
    path = " ".join(element_classes)
    if "title" in own.get("class", "") or "centered" in own.get("class", ""):
        return "middle"
    if re.search(r"\baxis y2\b", path):
        return "start"
    if re.search(r"\baxis y\b", path):
        return "end"
    if re.search(r"\baxis x\b", path):
        return "middle"
    return "start"


def _rotated(points, transform: str):
    """The points after an SVG ``rotate(angle cx cy)`` (pygal rotates its y-axis title by -90°)."""
    match = ROTATE.search(transform)
    if not match:
        return points
    angle, cx, cy = (float(v) for v in match.groups())
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos) for x, y in points]


def texts_outside(svg: str) -> list[str]:
    """Texts whose estimated box leaves the chart's viewBox (pygal's own width estimate, 0.6 em a character)."""
    root = ET.fromstring(svg)  # noqa: S314  (our own output)
    _x0, _y0, width, height = (float(v) for v in root.get("viewBox").split())
    outside = []

    def walk(element, dx: float, dy: float, classes: list[str]):
        match = TRANSLATE.search(element.get("transform", "")) if element.tag == f"{SVG_NS}g" else None
        if match:
            dx, dy = dx + float(match.group(1)), dy + float(match.group(2))
        classes = [*classes, element.get("class", "")]
        if element.tag == f"{SVG_NS}text" and element.get("x") is not None and (element.text or "").strip():
            text = element.text
            size = FONT_SIZES["title"] if "title" in element.get("class", "") else FONT_SIZES["default"]
            extent = len(text) * 0.6 * size
            x, y = float(element.get("x")), float(element.get("y"))
            left = {"start": x, "middle": x - extent / 2, "end": x - extent}[_anchor(classes, element.attrib)]
            corners = [(left, y - size), (left + extent, y - size), (left, y), (left + extent, y)]
            corners = [(px + dx, py + dy) for px, py in _rotated(corners, element.get("transform", ""))]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            if min(xs) < -1 or max(xs) > width + 1 or min(ys) < -1 or max(ys) > height + 1:
                outside.append(
                    f"{text[:40]}… at x {min(xs):.0f}–{max(xs):.0f} of {width:.0f}, "
                    f"y {min(ys):.0f}–{max(ys):.0f} of {height:.0f}"
                )
        for child in element:
            walk(child, dx, dy, classes)

    walk(root, 0.0, 0.0, [])
    return outside


def drawn_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314
    return [t.text for t in root.iter(f"{SVG_NS}text") if t.text]


def _pivot(labels: list[str]) -> Pivot:
    return Pivot(
        years=[2020, 2021],
        rows=[
            {"key": str(i), "label": label, "extra": "", "cells": [{"rate": 50.0, "year": 2020}, None]}
            for i, label in enumerate(labels)
        ],
    )


BUILDERS = {
    "rate_bars": lambda labels: charts.rate_bars([{"label": x, "rate": 40.0} for x in labels], WORDS),
    "count_bars": lambda labels: charts.count_bars([{"label": x, "n": 3} for x in labels], WORDS),
    "count_bars_vertical": lambda labels: charts.count_bars(
        [{"label": x, "n": 3} for x in labels], WORDS, horizontal=False
    ),
    "yoy_lines": lambda labels: charts.yoy_lines(_pivot(labels), WORDS),
    "yoy_one_year": lambda labels: charts.yoy_lines(  # one year: drawn as bars
        Pivot(years=[2020], rows=[{"key": "1", "label": x, "cells": [{"rate": 50.0, "year": 2020}]} for x in labels]),
        WORDS,
    ),
    "report_sections": lambda labels: charts.report_charts(
        [{"code": "1", "title": x, "passed": 1, "partial": 1, "failed": 1} for x in labels], []
    )["sections"],
    "report_agencies": lambda labels: charts.report_charts(
        [],
        [type("Row", (), {"name": x, "passed": 2, "partial": 0, "failed": 1})() for x in labels],
    )["agencies"],
}


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_every_chart_draws_500_character_labels_quickly_and_inside_its_box(builder):
    with time_bound(SECONDS, f"chart {builder} with 500-character labels"):
        svg = str(BUILDERS[builder](LONG_LABELS))
    assert texts_outside(svg) == []
    longest = max(len(t) for t in drawn_texts(svg))
    assert longest <= charts.TITLE_CHARS, longest
    assert "…" in " ".join(drawn_texts(svg))  # shortened, visibly


def test_the_label_helper_cuts_at_a_word_or_inside_a_long_token():
    assert charts.chart_label("UBND huyện Ngọc Hồi") == "UBND huyện Ngọc Hồi"
    words = charts.chart_label(WORDS)
    assert len(words) <= charts.LABEL_CHARS and words.endswith("…") and WORDS.startswith(words[:-1].rstrip())
    token = charts.chart_label(TOKEN)
    assert len(token) == charts.LABEL_CHARS and token.endswith("…")
    assert "\n" not in charts.chart_label("a\nb\r\nc") and charts.chart_label("a\nb") == "a b"


def _long(model, field: str, text: str) -> str:
    """As long as the column takes (500 on SQLite's unbounded text; a varchar keeps its limit)."""
    limit = model._meta.get_field(field).max_length
    return text[:limit] if limit else text


@pytest.fixture
def long_names(demo):
    """Every demo agency, section and item renamed to its longest text; a limitation on an item."""
    visit = demo.visit("Ngọc Hồi")
    for index, agency in enumerate(Agency.objects.order_by("pk")):
        Agency.objects.filter(pk=agency.pk).update(name=_long(Agency, "name", f"{index} {WORDS}"))
    for index, section in enumerate(ChecklistSection.objects.order_by("pk")):
        ChecklistSection.objects.filter(pk=section.pk).update(
            title=_long(ChecklistSection, "title", f"{index} {TOKEN}")
        )
    ChecklistItem.objects.update(text=_long(ChecklistItem, "text", WORDS))
    item = visit.item_results.order_by("pk").first().item
    Finding.objects.create(
        visit=visit, kind=Finding.Kind.LIMITATION, item=item, description="Thiếu niêm yết", severity="low"
    )
    return demo


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_dashboard_chart_answers_at_once_with_the_longest_names(client, long_names, name):
    client.force_login(long_names.users["office"])
    with time_bound(SECONDS, f"GET chart {name}"):
        response = client.get(reverse("dashboards:chart", args=[name]), {"year": 2020})
    svg = response.content.decode()
    assert response.status_code == 200 and svg.startswith("<svg")
    assert texts_outside(svg) == []
    assert max(len(t) for t in drawn_texts(svg)) <= charts.TITLE_CHARS


@pytest.mark.parametrize("url", ["dashboards:overview", "dashboards:year_over_year"])
def test_the_tables_beside_the_charts_show_the_full_names(client, long_names, url):
    office = long_names.users["office"]
    client.force_login(office)
    with time_bound(SECONDS * 2, f"GET {url}"):
        page = html.unescape(client.get(reverse(url), {"year": 2020}).content.decode())
    scope = Scope(year=2020)
    if url == "dashboards:overview":
        full = [r["name"] for r in selectors.compliance_by_agency(user=office, scope=scope)]
        full += [r["title"] for r in selectors.compliance_by_section(user=office, scope=scope)]
        full += [r["text"] for r in selectors.limitations_by_item(user=office, scope=scope) if r["text"]]
    else:
        data = selectors.year_over_year(user=office, scope=scope)
        full = [r["label"] for r in data["sections"].rows + data["agencies"].rows]
    assert len(full) >= 3 and all(len(text) >= 200 for text in full)
    assert [text[:40] for text in full if text not in page] == []
