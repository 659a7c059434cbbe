"""Charts as SVG strings, drawn on the server by pygal: for the dashboard pages and the PDF report.

The SVG carries no script and references nothing outside itself (``js=[]``, no external CSS,
no XML declaration), so pages show it through ``<img src="….svg">`` and WeasyPrint can inline it
without fetching anything. Colour is never the only cue: every bar carries its value as text
("72,5 %"), each line of a year-over-year chart has its own dash pattern and dot size and is
named in the legend, and each chart has a table beside it with the same figures.
Labels: every text pygal draws goes through ``chart_label`` first (``_chart``), so it is one line of
at most ``LABEL_CHARS`` characters (``TITLE_CHARS`` for a title); the table beside the chart has
the full text. pygal measures only what it truncates itself: a long label once left no width for
the axis title, and its title splitting looped forever (issue 13).
Fonts: Liberation Sans / DejaVu Sans, which have the Vietnamese glyphs.
"""

import re

import pygal
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from findings.models.results import compliance_rate
from units.templatetags.ui import rate

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
# Dark enough for white text and distinguishable in greyscale; lines also differ by dash pattern.
COLOURS = ("#1f5f99", "#b4521d", "#2e7d32", "#6a3d9a", "#7a6000", "#8b1a4a", "#00696b", "#444444")
DASHES = ("none", "8 4", "2 3", "12 3 2 3", "4 4", "16 4", "1 2", "6 2 2 2")
SERIF = "Liberation Serif, Times New Roman, serif"  # the PDF documents' font (NĐ 30/2020: Times New Roman)


WIDTH = 1000  # every chart's drawing width (viewBox units); the page shows it no wider than 1100 px
FONT_SIZE = 13  # labels and values; titles 18. At 1366 px the chart is drawn 1000 px wide or more (≥ 12 px)


def _style(font: str) -> Style:
    return Style(
        font_family=font,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#6c757d",
        colors=COLOURS,
        title_font_size=18,
        label_font_size=FONT_SIZE,
        major_label_font_size=FONT_SIZE,
        value_font_size=FONT_SIZE,
        legend_font_size=FONT_SIZE,
        value_label_font_size=FONT_SIZE,
        value_colors=("#212529",),
    )


LABEL_CHARS = 40  # about 310 px at 13 px: the bars keep more than half of the 1000 px width
TITLE_CHARS = 80


def chart_label(text, limit: int = LABEL_CHARS) -> str:
    """``text`` on one line of at most ``limit`` characters, ending in "…" when cut.

    Cut at the last space when one is near the end, else inside the word (an unbroken token).
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


PERCENT_AXIS = [{"label": f"{v} %", "value": v} for v in range(0, 101, 20)]


def percent(value) -> str:
    """72.456 → "72,5 %": the ``rate`` filter's text, with the Vietnamese decimal comma on every chart."""
    with translation.override("vi"):
        return rate(value)


def count(value) -> str:
    return f"{int(value):,}".replace(",", ".") if value is not None else "—"


def _config(title: str, font: str = FONT, css: tuple[str, ...] = (), **extra) -> dict:
    for key in ("x_title", "y_title"):
        if key in extra:
            extra[key] = chart_label(extra[key], TITLE_CHARS)
    return {
        "title": chart_label(title, TITLE_CHARS),
        "style": _style(font),
        "disable_xml_declaration": True,
        "js": [],  # pygal's default loads a tooltip script from the internet: never
        "css": ["file://style.css", "file://graph.css", *css],  # pygal's own files, inlined into the SVG
        "no_data_text": _("Không có dữ liệu"),
        "print_values": True,
        "show_legend": False,
        "truncate_label": LABEL_CHARS,  # labels arrive shortened; pygal must not cut them again
        "width": WIDTH,
        **extra,
    }


def _chart(kind, config: dict, labels: list, series: list[tuple[str, list, dict]]) -> str:
    """The one way a chart is drawn: every label and series name shortened by ``chart_label``."""
    chart = kind(**config)
    chart.x_labels = [chart_label(label) for label in labels]
    for name, values, options in series:
        chart.add(chart_label(name), values, **options)
    return _render(chart)


def _render(chart) -> str:
    """The SVG text without pygal's inline configuration script and its comments.

    (lxml escapes "<" in text, so the only "</script>" is the element's own end tag.)
    """
    svg = chart.render(is_unicode=True)
    svg = SCRIPT.sub("", svg)
    return COMMENT.sub("", svg)


def _label(row: dict, key: str) -> str:
    return str(row.get(key) or _("Nhận xét chung"))


def rate_bars(rows: list[dict], title: str, label_key: str = "label", font: str = FONT) -> str:
    """Horizontal bars of compliance rates (0–100 %), each bar labelled with its value."""
    height = 120 + 34 * max(1, len(rows))
    config = _config(
        title,
        font,
        range=(0, 100),
        y_labels=PERCENT_AXIS,
        value_formatter=percent,
        print_values_position="top",
        height=height,
        x_title=_("Tỷ lệ đạt (%)"),
    )
    rows = rows[::-1]  # pygal draws the first bar at the bottom; keep the table's order from the top
    labels = [_label(r, label_key) for r in rows]
    return _chart(pygal.HorizontalBar, config, labels, [(_("Tỷ lệ đạt"), [r.get("rate") for r in rows], {})])


def count_bars(rows: list[dict], title: str, label_key: str = "label", horizontal: bool = True) -> str:
    """Bars of counts, each labelled with its number."""
    height = 120 + 34 * max(1, len(rows)) if horizontal else 420
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    rows = rows[::-1] if horizontal else rows
    config = _config(title, value_formatter=count, print_values_position="top", height=height, min_scale=1)
    labels = [_label(r, label_key) for r in rows]
    return _chart(kind, config, labels, [(_("Số lượng"), [r.get("n", 0) for r in rows], {})])


def yoy_lines(pivot, title: str) -> str:
    """One line per row of a ``selectors.Pivot`` across years; lines differ by dash pattern and dot size.

    With a single year there is no line to draw (only dots on top of each other): bars of that year.
    """
    if len(pivot.years) < 2:
        year = pivot.years[0] if pivot.years else ""
        rows = [{"label": r["label"], "rate": r["cells"][0]["rate"] if r["cells"][0] else None} for r in pivot.rows]
        return rate_bars(rows, f"{title} ({year})" if year else title)
    css = tuple(
        f"inline:.series.serie-{i} .line{{stroke-dasharray:{DASHES[i % len(DASHES)]};stroke-width:3px}}"
        for i in range(len(pivot.rows))
    )
    config = _config(
        title,
        css=css,
        range=(0, 100),
        y_labels=PERCENT_AXIS,
        value_formatter=percent,
        print_values=False,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=LABEL_CHARS,
        height=480 + 24 * ((len(pivot.rows) + 1) // 2),
        y_title=_("Tỷ lệ đạt (%)"),
    )
    series = [
        (
            row["label"],
            [cell["rate"] if cell else None for cell in row["cells"]],
            {"dots_size": 3 + index % 4, "allow_interruptions": True},
        )
        for index, row in enumerate(pivot.rows)
    ]
    return _chart(pygal.Line, config, [str(y) for y in pivot.years], series)


def report_charts(sections: list[dict], agencies: list) -> dict[str, str]:
    """The two charts of the Báo cáo kết quả kiểm tra, from data ``report_context`` already holds (no query).

    ``sections``: dicts with code, title, passed, partial, failed; ``agencies``: annex rows with
    name, passed, partial, failed.
    """
    section_rows = [
        {"label": f"{s['code']}. {s['title']}", "rate": compliance_rate(s["passed"], s["partial"], s["failed"])}
        for s in sections
    ]
    agency_rows = [{"label": a.name, "rate": compliance_rate(a.passed, a.partial, a.failed)} for a in agencies]
    # pygal writes every label through lxml, which escapes it: the SVG is safe to inline as is.
    return {
        "sections": mark_safe(rate_bars(section_rows, "Tỷ lệ đạt theo nội dung kiểm tra", font=SERIF)),  # noqa: S308
        "agencies": mark_safe(rate_bars(agency_rows, "Tỷ lệ đạt theo cơ quan, đơn vị", font=SERIF)),  # noqa: S308
    }
