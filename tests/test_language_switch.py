"""The language switch: in the navbar on every page, each language named in itself, one click."""

import pytest
from django.urls import reverse

from tests.conftest import login


def test_the_navbar_offers_the_other_language_named_in_itself(client, demo):
    client.force_login(demo.users["member"])
    page = client.get(reverse("inspections:plan_list")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert 'lang="en"' in nav and ">English</button>" in nav
    assert "Tiếng Anh" not in page and 'id="language-select"' not in page
    client.post(reverse("set_language"), {"language": "en", "next": reverse("inspections:plan_list")})
    page = client.get(reverse("inspections:plan_list")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert 'lang="vi"' in nav and ">Tiếng Việt</button>" in nav


def test_the_login_page_has_the_switch_too(client):
    page = client.get(reverse("login")).content.decode()
    assert ">English</button>" in page[page.index("<nav") : page.index("</nav>")]


@pytest.mark.browser
def test_one_click_switches_the_page_and_stays_on_it(transactional_db, demo, page):
    login(page, "member")
    page.goto(reverse("dashboards:overview"))
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("dashboards:overview"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Tiếng Việt").is_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"
