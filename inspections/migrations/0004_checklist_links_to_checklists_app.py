"""Plans and visits point at ``checklists.ChecklistTemplate`` (the model moved out of ``findings``).

State only: the table and its foreign keys are unchanged in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_checklist_models_from_findings"),
        ("inspections", "0003_visit_conclusion_issued_on"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalplan",
                    name="checklist",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Để trống: dùng phiên bản mới nhất của mẫu mặc định.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="checklists.checklisttemplate",
                        verbose_name="mẫu nội dung kiểm tra",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalvisit",
                    name="checklist",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="checklists.checklisttemplate",
                        verbose_name="mẫu nội dung kiểm tra đã dùng",
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="checklist",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Để trống: dùng phiên bản mới nhất của mẫu mặc định.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="checklists.checklisttemplate",
                        verbose_name="mẫu nội dung kiểm tra",
                    ),
                ),
                migrations.AlterField(
                    model_name="visit",
                    name="checklist",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="visits",
                        to="checklists.checklisttemplate",
                        verbose_name="mẫu nội dung kiểm tra đã dùng",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
