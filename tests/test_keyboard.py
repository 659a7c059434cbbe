"""Keyboard and screen reader: the navbar marks the current page; after an htmx save the focus stays in the
changed region (not lost to the page) and the message is read out by the live region."""

import pytest
from django.urls import reverse

from inspections.models import Visit
from tests.security.test_access_control import World
from tests.test_browser_accessibility import sign_in


def current_links(html: str) -> list[str]:
    nav = html[html.index("<nav") : html.index("</nav>")]
    return [part.split('"')[0] for part in nav.split('href="')[1:] if 'aria-current="page"' in part.split(">")[0]]


@pytest.mark.parametrize(
    ("url_name", "marked"),
    [
        ("inspections:plan_list", "inspections:plan_list"),
        ("findings:action_list", "findings:action_list"),
        ("dashboards:overview", "dashboards:overview"),
        ("dashboards:visits", "dashboards:overview"),
        ("findings:checklist_list", "findings:checklist_list"),
    ],
)
def test_the_navbar_marks_the_current_page_only(client, demo, url_name, marked):
    client.force_login(demo.users["office"])
    html = client.get(reverse(url_name)).content.decode()
    assert current_links(html) == [reverse(marked)]


@pytest.mark.browser
def test_after_a_keyboard_save_focus_stays_in_the_item_and_the_result_is_announced(
    transactional_db, demo, personas, django_capture_on_commit_callbacks, page, live_server
):
    world = World(demo, personas, django_capture_on_commit_callbacks, "member")
    visit = world.set_visit(Visit.Status.IN_PROGRESS)
    sign_in(page, personas["member"], live_server.url)
    page.goto(reverse("findings:workspace", args=[visit.pk]))
    item = page.locator("[id^=item-]").first
    item_id = item.get_attribute("id")
    item.locator("textarea").first.fill("Đã kiểm tra 20 hồ sơ")
    item.get_by_role("button", name="Lưu", exact=True).focus()
    page.keyboard.press("Enter")
    page.locator(f"#{item_id} .save-status", has_text="Đã lưu").wait_for()
    page.wait_for_function("() => document.getElementById('live-region').textContent.includes('Đã lưu')")
    inside = page.evaluate(f"() => document.getElementById('{item_id}').contains(document.activeElement)")
    assert inside, page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
