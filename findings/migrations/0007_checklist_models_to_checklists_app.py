"""The checklist models leave ``findings`` for ``checklists``; results, findings and tallies point there.

State only (the tables and foreign keys stay as they are in the database), plus the content types
renamed to the new app so that permissions and admin log entries follow the models.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("checklisttemplate", "checklistsection", "checklistitem")


def content_types_to(apps, schema_editor, *, source: str, target: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a fresh database: content types are created after the migrations
        if ContentType.objects.filter(app_label=target, model=model).exists():
            old.delete()  # made by an earlier partial migrate; the target's rows stand
        else:
            old.app_label = target
            old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    content_types_to(apps, schema_editor, source="findings", target="checklists")


def backwards(apps, schema_editor):
    content_types_to(apps, schema_editor, source="checklists", target="findings")


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_checklist_models_from_findings"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("findings", "0006_visit_tallies"),
        ("inspections", "0004_checklist_links_to_checklists_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="finding",
                    name="item",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Để trống nếu là nhận xét chung về cả đơn vị.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="findings",
                        to="checklists.checklistitem",
                        verbose_name="tiêu chí",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalfinding",
                    name="item",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Để trống nếu là nhận xét chung về cả đơn vị.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="checklists.checklistitem",
                        verbose_name="tiêu chí",
                    ),
                ),
                migrations.AlterField(
                    model_name="itemresult",
                    name="item",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="results",
                        to="checklists.checklistitem",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalitemresult",
                    name="item",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="checklists.checklistitem",
                    ),
                ),
                migrations.AlterField(
                    model_name="resulttally",
                    name="section",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="checklists.checklistsection",
                    ),
                ),
                migrations.DeleteModel(name="ChecklistItem"),
                migrations.DeleteModel(name="ChecklistSection"),
                migrations.DeleteModel(name="ChecklistTemplate"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
