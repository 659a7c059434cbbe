"""WCAG 2.1 AA in the browser: axe-core runs on every page of the access table, as every persona
that may see it, and finds no serious or critical violation; nor does the page's Content-Security-Policy
report any violation (no inline style or script anywhere).

The pages and their objects come from docs/access-control.md through the access-control test's own
``build`` (one source for "which pages exist and who sees them"); axe-core comes from its npm package
(tests/axe/package-lock.json, installed by ./test.sh).
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from inspections.models import Visit
from tests.security.test_access_control import FILE_ROWS, ROWS, World, build
from tests.test_browser_csp import WATCH

pytestmark = pytest.mark.browser

ARTEFACTS = Path(__file__).resolve().parents[1] / "test-results" / "axe"
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SIGNED_IN = ["liaison", "member", "head", "office", "leader", "other_liaison"]
BLOCKING = {"serious", "critical"}
NOT_PAGES = FILE_ROWS | {
    "fieldwork:manifest",  # JSON and the service worker's script
    "fieldwork:service_worker",
    "fieldwork:session_state",
    "reports:job_status",  # htmx fragments: the job's is checked inside the plan page below,
    "pickers:agency",  # the pickers' result lists inside the forms
    "pickers:official",
    "units:area_search",
    "reports:export_status",
    "reports:periodic_status",
}
PAGES = sorted(name for name, row in ROWS.items() if row["method"] == "GET" and name not in NOT_PAGES)
RUN = """async () => {
  const only = {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]};
  const result = await axe.run(document, {runOnly: only});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.length,
    targets: v.nodes.map((n) => n.target.join(" ") + " " + (n.any[0] ? n.any[0].message : "")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The page's serious and critical WCAG 2.1 A/AA violations (evaluated through DevTools, not a script tag,
    so the page's own Content-Security-Policy is left as it is)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed: {AXE} (./test.sh runs npm ci --prefix tests/axe)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


def record(label: str, violations: list[dict]) -> str:
    """Keep the page's violations as a test artefact; a one-line summary for the failure message."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"{label.replace(':', '_')}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    return f"{label}: " + ", ".join(f"{v['id']}×{v['nodes']} ({v['targets'][0]})" for v in violations)


def sign_in(page, user, base_url: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_no_serious_accessibility_violation(
    transactional_db, demo, personas, django_capture_on_commit_callbacks, page, live_server, name
):
    row, found = ROWS[name], []
    page.add_init_script(WATCH)
    for who in SIGNED_IN:
        if not row["codes"][who].startswith("200"):
            continue
        world = World(demo, personas, django_capture_on_commit_callbacks, who)
        kwargs, _ = build(name, world)
        sign_in(page, personas[who], live_server.url)
        response = page.goto(reverse(name, kwargs=kwargs))
        assert response.status == 200, (name, who, response.status)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found.append(record(f"{name}-{who}", violations))
        if csp := page.evaluate("() => window.__cspViolations"):
            found.append(f"{name}-{who}: CSP {csp}")
    assert found == [], "\n".join(found)


def test_the_login_page_has_no_serious_violation(transactional_db, page):
    page.goto(reverse("login"))
    violations = axe_violations(page)
    assert violations == [], record("login", violations)


def test_an_open_workspace_with_its_htmx_forms_has_no_serious_violation(
    transactional_db, demo, personas, django_capture_on_commit_callbacks, page, live_server
):
    world = World(demo, personas, django_capture_on_commit_callbacks, "member")
    visit = world.set_visit(Visit.Status.IN_PROGRESS)
    sign_in(page, personas["member"], live_server.url)
    page.goto(reverse("findings:workspace", args=[visit.pk]))
    page.wait_for_load_state("networkidle")
    found = []
    if violations := axe_violations(page):
        found.append(record("workspace-open-member", violations))
    page.locator("#finding-new summary").click()
    page.locator("#finding-new form").wait_for()
    page.wait_for_load_state("networkidle")
    if violations := axe_violations(page):
        found.append(record("workspace-finding-form-member", violations))
    assert found == [], "\n".join(found)


def test_the_plan_page_with_a_document_job_has_no_serious_violation(
    transactional_db, demo, personas, django_capture_on_commit_callbacks, page, live_server
):
    world = World(demo, personas, django_capture_on_commit_callbacks, "office")
    world.minutes_job()
    sign_in(page, personas["office"], live_server.url)
    page.goto(reverse("inspections:plan_detail", args=[demo.plan.pk]))
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], record("plan-with-job-office", violations)
