"""Notifications now live in the ``notices`` app (0002 there copied the rows); the old table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0008_status_state_machine"),
        ("notices", "0002_notifications_from_findings"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="notification", name="notification_user_unread"),
        migrations.DeleteModel(name="Notification"),
    ]
