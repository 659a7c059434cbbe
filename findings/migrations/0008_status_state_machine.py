"""Status fields become state-machine fields (tthc_inspect.states.StateField): a state change only.

The column is the same varchar; only Django's idea of the field changes (protected, not editable).
A real AlterField would make SQLite rebuild each table, dropping the triggers defined on it
(findings_visittally_create on inspections_visit), so the database is left as it is.
"""

import tthc_inspect.states
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0007_checklist_models_to_checklists_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="deadlineextension",
                    name="status",
                    field=tthc_inspect.states.StateField(
                        choices=[("pending", "Chờ xem xét"), ("granted", "Đồng ý"), ("refused", "Không đồng ý")],
                        default="pending",
                        editable=False,
                        max_length=8,
                        protected=True,
                        verbose_name="kết quả",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaldeadlineextension",
                    name="status",
                    field=models.CharField(
                        choices=[("pending", "Chờ xem xét"), ("granted", "Đồng ý"), ("refused", "Không đồng ý")],
                        default="pending",
                        editable=False,
                        max_length=8,
                        verbose_name="kết quả",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalremediationaction",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("open", "Đang khắc phục"),
                            ("reported", "Đã báo cáo khắc phục"),
                            ("verified", "Đã xác minh, đóng"),
                            ("returned", "Trả lại, khắc phục tiếp"),
                        ],
                        default="open",
                        editable=False,
                        max_length=10,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="remediationaction",
                    name="status",
                    field=tthc_inspect.states.StateField(
                        choices=[
                            ("open", "Đang khắc phục"),
                            ("reported", "Đã báo cáo khắc phục"),
                            ("verified", "Đã xác minh, đóng"),
                            ("returned", "Trả lại, khắc phục tiếp"),
                        ],
                        default="open",
                        editable=False,
                        max_length=10,
                        protected=True,
                        verbose_name="trạng thái",
                    ),
                ),
            ],
        ),
    ]
