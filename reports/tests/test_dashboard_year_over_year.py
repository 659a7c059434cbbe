"""Year over year on the demo (issue 18): sorted by rate, no year filter, one year drawn as bars."""

import pytest
from django.urls import reverse

from findings.models import ResultTally
from findings.models.results import compliance_rate
from reports.dashboards import selectors
from reports.dashboards.filters import Scope
from reports.dashboards.views import CHARTS

pytestmark = pytest.mark.django_db


def _hand_counted_rates() -> dict[str, float]:
    """Each agency's rate over every year, summed here from the tallies row by row."""
    sums: dict[str, list[int]] = {}
    for tally in ResultTally.objects.select_related("visit__agency"):
        row = sums.setdefault(tally.visit.agency.name, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + tally.passed, row[1] + tally.partial, row[2] + tally.failed
    return {name: compliance_rate(*row) for name, row in sums.items() if sum(row)}


def test_the_weakest_agencies_table_is_sorted_by_rate_not_by_name(demo):
    rows = selectors.year_over_year(user=demo.users["office"], scope=Scope())["agencies"].rows
    expected = sorted(_hand_counted_rates().items(), key=lambda kv: (kv[1], kv[0]))[: selectors.TOP]
    assert [(r["label"], round(r["rate"], 6)) for r in rows] == [(n, round(v, 6)) for n, v in expected]
    assert [r["label"] for r in rows] != sorted(r["label"] for r in rows)  # not by name on the demo


def test_the_page_has_no_year_filter_and_shows_the_overall_rate(client, demo):
    client.force_login(demo.users["office"])
    response = client.get(reverse("dashboards:year_over_year"))
    names = [s["name"] for s in response.context["selects"]]
    assert "year" not in names and "plan" not in names and "area" in names
    assert 'name="year"' not in response.content.decode()
    assert "Chung các năm" in response.content.decode()


def test_one_year_is_drawn_as_bars_not_as_dots(demo):
    office = demo.users["office"]
    assert selectors.pivot(selectors.yoy_by_section(user=office, scope=Scope()), "code", "title").years == [2020]
    svg = CHARTS["theo-nam-noi-dung"](office, Scope(), None)
    assert "<circle" not in svg and 'class="rect' in svg and "(2020)" in svg
