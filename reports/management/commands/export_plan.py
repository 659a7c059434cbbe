"""Write a plan's whole package ("Tải hồ sơ kế hoạch") to a ZIP file, as the Celery job does.

    python manage.py export_plan 1978/KH-UBND --output ho-so.zip [--year 2020]

Prints the number of files and the SHA-256 of data/plan.json (docs/data-exchange.md).
"""

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Plan
from reports.exchange.package import DATA_JSON, ExportError
from reports.exchange.services import package_write


class Command(BaseCommand):
    help = "Export a plan's package (documents, evidence, data, SHA-256 manifest) to a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="số, ký hiệu of the plan, e.g. 1978/KH-UBND")
        parser.add_argument("--output", "-o", required=True)
        parser.add_argument("--year", type=int, help="the plan's year, when several plans share the number")

    def handle(self, *args, **options):
        plans = Plan.objects.filter(number=options["plan"])
        if options["year"]:
            plans = plans.filter(year=options["year"])
        if plans.count() != 1:
            raise CommandError(f"Tìm thấy {plans.count()} kế hoạch số {options['plan']}; dùng --year.")
        try:
            with open(options["output"], "wb") as target:
                manifest = package_write(plans.get(), target)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        data = next(e for e in manifest["files"] if e["path"] == DATA_JSON)
        self.stdout.write(f"{len(manifest['files'])} tệp; {DATA_JSON} sha256={data['sha256']}")
