"""The periodic report upward from the command line, through the same function the Celery job uses.

python manage.py periodic_report 2020-H2 --output bc.pdf [--format xlsx] [--user office]
    [--number 12 --date 05/01/2021 --signer "Nguyễn Văn A" --position "Phó Chánh Văn phòng"]
"""

import datetime

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from reports.periodic.figures import Period, PeriodError
from reports.periodic.services import periodic_document


class Command(BaseCommand):
    help = "Render the periodic report (quarter, half-year, year) to PDF (Báo cáo, NĐ 30) or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("period", help="2020, 2020-H1, 2020-H2, 2020-Q1 … 2020-Q4")
        parser.add_argument("--output", "-o", required=True)
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--user", default="office", help="whose view of the data (default: office)")
        parser.add_argument("--number", type=int)
        parser.add_argument("--date", help="dd/mm/yyyy")
        parser.add_argument("--signer", default="")
        parser.add_argument("--position", default="")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
            issued_on = datetime.datetime.strptime(options["date"], "%d/%m/%Y").date() if options["date"] else None  # noqa: DTZ007
        except (PeriodError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        user = User.objects.filter(username=options["user"]).select_related("official__agency").first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['user']}.")
        official = getattr(user, "official", None)
        rendered = periodic_document(
            user=user,
            period=period,
            fmt=options["format"],
            issuer=official.agency if official else None,
            issued_on=issued_on,
            number=options["number"],
            signer_name=options["signer"],
            signer_position=options["position"],
        )
        with open(options["output"], "wb") as out:
            out.write(rendered.content)
        self.stdout.write(
            f"{options['output']}: {len(rendered.content)} byte"
            + (f", {rendered.pages} trang" if rendered.pages else "")
        )
