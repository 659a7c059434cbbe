"""The API's Swagger UI in Chromium: loaded from our static files under the strict CSP, no console error."""

import pytest

from tests.conftest import login

pytestmark = pytest.mark.browser


def test_api_docs_load_without_csp_errors(browser, live_server, transactional_db, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    login(page, "office")
    page.goto("/api/v1/docs/")
    page.get_by_text("TTHC inspection API").first.wait_for()
    page.get_by_text("/api/v1/plans/").first.wait_for()  # the schema was fetched and drawn
    context.close()
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
    assert problems == []
    assert all(url.startswith(live_server.url) for url in requests), "a request left the server"
