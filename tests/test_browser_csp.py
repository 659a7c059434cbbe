"""Every page, the admin included, works under the Content-Security-Policy: no violation is reported."""

import pytest
from django.urls import reverse

from findings.models import Finding, RemediationAction
from tests.conftest import login

pytestmark = pytest.mark.browser

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_pages_and_admin_run_without_csp_violations(transactional_db, demo, page):
    page.add_init_script(WATCH)
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    login(page, "office")
    visit = demo.visit("Ngọc Hồi")
    urls = [
        reverse("inspections:plan_list"),
        reverse("inspections:plan_detail", args=[demo.plan.pk]),
        reverse("inspections:plan_edit", args=[demo.plan.pk]),
        reverse("inspections:visit_detail", args=[visit.pk]),
        reverse("findings:workspace", args=[visit.pk]),
        reverse("findings:finding_detail", args=[Finding.objects.filter(visit=visit).first().pk]),
        reverse("findings:action_list"),
        reverse("findings:action_detail", args=[RemediationAction.objects.filter(visit=visit).first().pk]),
        reverse("findings:checklist_list"),
        reverse("notices:list"),
        reverse("inspections:audit_object", args=["ke-hoach", demo.plan.pk]),
        reverse("admin:index"),
        reverse("admin:inspections_plan_changelist"),
        reverse("admin:inspections_plan_change", args=[demo.plan.pk]),
        reverse("admin:inspections_decision_change", args=[demo.plan.decisions.get().pk]),
        reverse("admin:units_agency_changelist"),
        reverse("dashboards:overview"),
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("() => window.__cspViolations")
        assert violations == [], (url, violations)
    # htmx works under the policy: open the finding form (an htmx GET) on an open visit page
    page.goto(reverse("inspections:plan_detail", args=[demo.plan.pk]))
    assert page.evaluate("() => typeof htmx === 'object'")
    assert console == []
