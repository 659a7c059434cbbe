"""Dashboard charts read right (issue 18): at least 12 px text on a 1366-px laptop, the table alone on a phone."""

import pytest
from django.core.cache import cache

from reports.dashboards import charts
from tests.conftest import login

pytestmark = pytest.mark.browser

LOADED = "(imgs) => imgs.every((img) => img.complete && img.naturalWidth > 0)"


@pytest.mark.parametrize("url", ["/tong-hop/?year=2020", "/tong-hop/theo-nam/"])
def test_chart_text_is_at_least_12_px_on_a_laptop_and_phones_get_the_tables(transactional_db, demo, page, url):
    cache.clear()
    smallest = charts.FONT_SIZE
    login(page, "office")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(url)
    images = page.locator("img.dashboard-chart")
    assert images.count() >= 1
    for image in images.all():
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        width = image.bounding_box()["width"]
        assert width / charts.WIDTH * smallest >= 12, f"{image.get_attribute('src')}: {width:.0f} px wide"
    page.wait_for_function(f"() => ({LOADED})([...document.querySelectorAll('img.dashboard-chart')])")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    assert all(not image.is_visible() for image in page.locator("img.dashboard-chart").all())
    assert all(table.is_visible() for table in page.locator("main table").all())
    fit = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert fit[0] <= fit[1], fit
