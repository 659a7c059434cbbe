"""The remediation notices written so far move from ``findings`` to this app (their e-mails went out then)."""

from django.db import migrations
from django.urls import reverse

# The old rows had no kind: it follows from the wording the remediation services used.
KIND_BY_WORDS = (
    ("Còn ", "action_due"),
    ("Quá hạn", "action_overdue"),
    ("đã báo cáo khắc phục", "action_reported"),
    ("đề nghị gia hạn", "extension_requested"),
    ("gia hạn đến", "extension_decided"),
)


def kind_of(message: str) -> str:
    for words, kind in KIND_BY_WORDS:
        if words in message:
            return kind
    return "action_reviewed"


def forwards(apps, schema_editor):
    Old = apps.get_model("findings", "Notification")
    New = apps.get_model("notices", "Notification")
    rows = []
    for old in Old.objects.order_by("pk").iterator():
        url = reverse("findings:action_detail", args=[old.action_id]) if old.action_id else ""
        rows.append(
            New(user_id=old.user_id, kind=kind_of(old.message), message=old.message, url=url, read_at=old.read_at)
        )
    created = New.objects.bulk_create(rows)
    for new, old in zip(created, Old.objects.order_by("pk").iterator(), strict=True):
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_notifications"),
        ("findings", "0008_status_state_machine"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
