from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from checklists.models import ChecklistTemplate


def test_frozen_template_is_read_only_in_the_admin_and_can_be_copied(client, demo):
    client.force_login(demo.users["office"])
    template = demo.plan.checklist  # the demo plan's own copy, frozen by the issued plan
    change = reverse("admin:checklists_checklisttemplate_change", args=[template.pk])
    page = client.get(change).content.decode()
    assert 'name="title"' not in page  # shown read-only
    response = client.post(change, {"code": template.code, "version": 1, "title": "Đổi tên"})
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.title != "Đổi tên"
    client.post(
        reverse("admin:checklists_checklisttemplate_changelist"),
        {"action": "new_version", "_selected_action": [template.pk]},
    )
    assert ChecklistTemplate.objects.filter(code=template.code, version=2).exists()


def project_models() -> list:
    """Every model of the project's own apps (top-level packages of the repository), from the app registry."""
    configs = [c for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]
    return [m for c in configs for m in c.get_models() if not issubclass(m, HistoricalChanges)]


def test_every_project_model_has_an_admin_page_listing_its_rows(client, demo):
    """Derived from the app registry: a new model without an admin page fails here."""
    models = project_models()
    assert {m._meta.app_label for m in models} >= {"units", "checklists", "inspections", "findings", "reports"}
    missing = sorted(m._meta.label for m in models if m not in admin.site._registry)
    assert missing == [], f"register an admin page for {missing}"
    client.force_login(demo.users["office"])
    for model in models:
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        assert response.context["cl"].full_result_count == model.objects.count(), opts.label
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            assert page.status_code == 200, opts.label


def test_rows_only_services_write_cannot_be_added_or_changed_in_the_admin(client, demo):
    """Remediation, documents, jobs, tallies, reminders, notices and the standalone roster page are read-only."""
    from findings.models import RemediationAction

    client.force_login(demo.users["office"])
    action = RemediationAction.objects.filter(status="open").order_by("pk").first()
    url = reverse("admin:findings_remediationaction_change", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert client.post(url, {"status": "verified", "deadline": "01/01/2030"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "open"
    for label in [
        "findings.RemediationAction",
        "findings.DeadlineExtension",
        "findings.ReminderSent",
        "notices.Notification",
        "findings.ResultTally",
        "findings.VisitTally",
        "inspections.TeamMember",
        "reports.Document",
        "reports.DocumentVersion",
        "reports.RenderJob",
    ]:
        model = apps.get_model(label)
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403, label
