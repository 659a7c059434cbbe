"""Recreate a plan from its package (a ZIP made by export_plan or "Tải hồ sơ kế hoạch").

    python manage.py import_plan ho-so.zip [--user office]

Every check of the office page applies (docs/data-exchange.md); nothing is written on a refusal.
"""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from reports.exchange.importer import plan_import
from tthc_inspect.archive import PackageError


class Command(BaseCommand):
    help = "Import a plan package (ZIP) into this installation."

    def add_arguments(self, parser):
        parser.add_argument("package")
        parser.add_argument("--user", help="username recorded in the history as the importer")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            with open(options["package"], "rb") as handle:
                plan = plan_import(handle, user=user)
        except (PackageError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        counts = f"{plan.visits.count()} đơn vị"
        self.stdout.write(f"Đã nhập kế hoạch {plan.number} (id {plan.pk}): {counts}.")
