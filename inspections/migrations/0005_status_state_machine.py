"""Status fields become state-machine fields (tthc_inspect.states.StateField): a state change only.

The column is the same varchar; only Django's idea of the field changes (protected, not editable).
A real AlterField would make SQLite rebuild each table, dropping the triggers defined on it
(findings_visittally_create on inspections_visit), so the database is left as it is.
"""

import tthc_inspect.states
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_checklist_links_to_checklists_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalplan",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("draft", "Dự thảo"),
                            ("issued", "Đã ban hành"),
                            ("in_progress", "Đang kiểm tra"),
                            ("completed", "Hoàn thành"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=12,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalvisit",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("scheduled", "Đã lên lịch"),
                            ("in_progress", "Đang kiểm tra"),
                            ("submitted", "Đã nộp kết quả"),
                            ("closed", "Đã kết thúc"),
                        ],
                        default="scheduled",
                        editable=False,
                        max_length=12,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="status",
                    field=tthc_inspect.states.StateField(
                        choices=[
                            ("draft", "Dự thảo"),
                            ("issued", "Đã ban hành"),
                            ("in_progress", "Đang kiểm tra"),
                            ("completed", "Hoàn thành"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=12,
                        protected=True,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="visit",
                    name="status",
                    field=tthc_inspect.states.StateField(
                        choices=[
                            ("scheduled", "Đã lên lịch"),
                            ("in_progress", "Đang kiểm tra"),
                            ("submitted", "Đã nộp kết quả"),
                            ("closed", "Đã kết thúc"),
                        ],
                        default="scheduled",
                        editable=False,
                        max_length=12,
                        protected=True,
                        verbose_name="trạng thái",
                    ),
                ),
            ],
        ),
    ]
