from django.urls import reverse

from checklists.models import ChecklistTemplate
from checklists.services import checklist_default


def test_frozen_template_is_read_only_in_the_admin_and_can_be_copied(client, demo):
    client.force_login(demo.users["office"])
    template = checklist_default()
    change = reverse("admin:checklists_checklisttemplate_change", args=[template.pk])
    page = client.get(change).content.decode()
    assert 'name="title"' not in page  # shown read-only
    response = client.post(change, {"code": "kstthc", "version": 1, "title": "Đổi tên"})
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.title != "Đổi tên"
    client.post(
        reverse("admin:checklists_checklisttemplate_changelist"),
        {"action": "new_version", "_selected_action": [template.pk]},
    )
    assert ChecklistTemplate.objects.filter(code="kstthc", version=2).exists()


def test_every_findings_model_has_an_admin_page(client, demo):
    client.force_login(demo.users["office"])
    for model in ["checklisttemplate", "checklistsection"]:
        assert client.get(reverse(f"admin:checklists_{model}_changelist")).status_code == 200, model
    for model in [
        "itemresult",
        "finding",
        "evidence",
        "visitminutes",
        "explanation",
    ]:
        assert client.get(reverse(f"admin:findings_{model}_changelist")).status_code == 200, model
