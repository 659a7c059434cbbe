"""The main pages fit a phone, a tablet and a laptop: no horizontal scrolling of the page, tables that do not
fit a phone become cards, and a screenshot of each page at each width is kept in test-results/screenshots/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from findings.models import RemediationAction
from inspections.models import Visit
from tests.security.test_access_control import World
from tests.test_browser_accessibility import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[1] / "test-results" / "screenshots"
WIDTHS = {"phone": (390, 844), "tablet": (820, 1180), "laptop": (1366, 768)}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !e.closest(".table-responsive, pre, svg");
  });
  const shown = wide.slice(0, 5).map((e) => e.outerHTML.slice(0, 120));
  return {scroll: document.documentElement.scrollWidth, width, wide: shown};
}"""


def main_pages(demo, world) -> dict[str, str]:
    visit = demo.visit("Ngọc Hồi")
    action = RemediationAction.objects.filter(visit=visit).first()
    open_visit = world.set_visit(Visit.Status.IN_PROGRESS)
    return {
        "plans": reverse("inspections:plan_list"),
        "plan": reverse("inspections:plan_detail", args=[demo.plan.pk]),
        "decision-form": reverse("inspections:decision_edit", args=[demo.plan.decisions.get().pk]),
        "visit": reverse("inspections:visit_detail", args=[open_visit.pk]),
        "visit-form": reverse("inspections:visit_edit", args=[open_visit.pk]),
        "workspace": reverse("findings:workspace", args=[open_visit.pk]),
        "actions": reverse("findings:action_list"),
        "action": reverse("findings:action_detail", args=[action.pk]),
        "overview": reverse("dashboards:overview"),
    }


def test_main_pages_fit_every_width_and_phone_tables_are_cards(
    transactional_db, demo, personas, django_capture_on_commit_callbacks, page, live_server
):
    world = World(demo, personas, django_capture_on_commit_callbacks, "office")
    pages = main_pages(demo, world)
    sign_in(page, personas["office"], live_server.url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for device, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
            fit = page.evaluate(OVERFLOW)
            if fit["scroll"] > fit["width"] or fit["wide"]:
                problems.append(f"{name} at {width}px: scrollWidth {fit['scroll']} > {fit['width']}: {fit['wide']}")
            if device == "phone":
                for table in page.locator("table.table-cards").all():
                    head = table.locator("thead").bounding_box()
                    if table.is_visible() and head and head["height"] > 1:
                        problems.append(f"{name} at {width}px: a card table still shows its header row")
    assert problems == [], "\n".join(problems)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(pages["actions"])
    assert page.locator("#actions td[data-label]").first.evaluate("(e) => getComputedStyle(e).display") == "block"


def test_a_rate_keeps_its_unit_on_its_line(transactional_db, demo, personas, page, live_server):
    """ "95,8 %" never wraps before the "%": the rate filter writes a no-break space."""
    sign_in(page, personas["office"], live_server.url)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("dashboards:overview") + "?year=2020")
    text = page.locator("main").inner_text()
    assert re.search(r"\d\u00a0%", text), "no rate on the overview"
    assert re.findall(r"\d+(?:,\d+)? %", text) == []
