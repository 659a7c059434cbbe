"""A searchable picker (units/pickers.py + static/js/app.js) closes when a match is picked and stays closed."""

import re

import pytest

from tests.conftest import login

pytestmark = pytest.mark.browser


def parent_picker(page):
    page.goto("/danh-ba/co-quan/moi/")
    return page.locator("[data-picker=parent]")


def test_a_search_still_queued_when_a_match_is_picked_does_not_reopen_the_list(transactional_db, demo, page):
    """The CI failure of 8f41234: a late "Không tìm thấy" list covered the button below the picker."""
    login(page, "office")
    picker = parent_picker(page)
    box = picker.locator(".picker-box")
    box.fill("ubnd tinh kon")
    option = picker.locator(".picker-results [data-value]", has_text=re.compile(r"^UBND tỉnh Kon Tum")).first
    option.wait_for()
    box.press("Space")  # a new search is queued (300 ms delay) ...
    option.click()  # ... and a match is picked before it is sent
    page.wait_for_timeout(900)
    assert picker.locator(".picker-results > *").count() == 0
    assert box.input_value().startswith("UBND tỉnh Kon Tum")
    assert picker.locator(".picker-chosen input[type=hidden]").input_value() != ""


def test_escape_and_a_click_elsewhere_close_the_list(transactional_db, demo, page):
    login(page, "office")
    picker = parent_picker(page)
    box = picker.locator(".picker-box")
    box.fill("khong co co quan nay")
    picker.get_by_text("Không tìm thấy. Thử gõ ít chữ hơn.").wait_for()
    box.press("Escape")
    assert picker.locator(".picker-results > *").count() == 0
    box.fill("ubnd tinh kon")
    picker.locator(".picker-results [data-value]").first.wait_for()
    page.locator("main h1").click()
    assert picker.locator(".picker-results > *").count() == 0
    assert picker.locator(".picker-chosen input[type=hidden]").input_value() == ""  # nothing was picked
