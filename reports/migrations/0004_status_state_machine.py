"""Status fields become state-machine fields (tthc_inspect.states.StateField): a state change only.

The column is the same varchar; only Django's idea of the field changes (protected, not editable).
A real AlterField would make SQLite rebuild each table, dropping the triggers defined on it
(findings_visittally_create on inspections_visit), so the database is left as it is.
"""

import tthc_inspect.states
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_followup_report_kind"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="documentversion",
                    name="status",
                    field=tthc_inspect.states.StateField(
                        choices=[("draft", "Dự thảo"), ("final", "Bản chính thức")],
                        default="draft",
                        editable=False,
                        max_length=5,
                        protected=True,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaldocumentversion",
                    name="status",
                    field=models.CharField(
                        choices=[("draft", "Dự thảo"), ("final", "Bản chính thức")],
                        default="draft",
                        editable=False,
                        max_length=5,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="renderjob",
                    name="status",
                    field=tthc_inspect.states.StateField(
                        choices=[
                            ("queued", "Đang chờ"),
                            ("running", "Đang tạo"),
                            ("done", "Hoàn thành"),
                            ("failed", "Lỗi"),
                        ],
                        default="queued",
                        editable=False,
                        max_length=8,
                        protected=True,
                        verbose_name="trạng thái",
                    ),
                ),
            ],
        ),
    ]
