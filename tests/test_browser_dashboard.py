"""Dashboards in the browser: filter the overview by year and agency kind, click a figure, land on its list."""

import re

import pytest
from django.core.cache import cache

from tests.conftest import login

pytestmark = pytest.mark.browser


def test_office_filters_the_overview_and_follows_a_figure_to_its_list(transactional_db, demo, page):
    cache.clear()  # a flushed database reuses ids: no figure from an earlier test
    login(page, "office")
    page.get_by_role("link", name="Tổng hợp").first.click()
    page.get_by_role("heading", name="Tổng hợp kết quả kiểm tra").wait_for()
    page.get_by_label("Năm").select_option("2020")
    page.get_by_label("Loại cơ quan").select_option(label="Ủy ban nhân dân")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"year=2020.*kind=ubnd"))
    agencies = page.locator("#agencies tbody")
    assert "UBND huyện Ngọc Hồi" in agencies.inner_text()
    assert "Sở Nội vụ" not in agencies.inner_text()
    # The charts are images served by the app, drawn on the server.
    # (loading="lazy": bring it into view and wait for it, instead of asserting at once.)
    chart = page.locator("img[src*='bieu-do/noi-dung.svg']")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const img = document.querySelector(\"img[src*='bieu-do/noi-dung.svg']\");"
        " return img.complete && img.naturalWidth > 0; }"
    )
    # Click the visit count of UBND huyện Ngọc Hồi: the list shows that agency's visit, same filter.
    row = page.locator("#agencies tbody tr", has_text="UBND huyện Ngọc Hồi")
    row.locator("td").first.get_by_role("link").click()
    page.get_by_role("heading", name="Các cuộc kiểm tra").wait_for()
    assert re.search(r"year=2020&kind=ubnd&area=\d+&agency=\d+", page.url)  # the area: the office's province
    rows = page.locator("#visit-list tbody tr")
    assert rows.count() == 1 and "UBND huyện Ngọc Hồi" in rows.first.inner_text()
    assert page.get_by_label("Năm").input_value() == "2020"
    assert page.get_by_label("Loại cơ quan").input_value() == "ubnd"
