"""Render a plan's documents from the command line, through the same service the Celery job uses.

    python manage.py render_report 1978/KH-UBND --output report.pdf
    python manage.py render_report 1978/KH-UBND --format docx --output report.docx
    python manage.py render_report 1978/KH-UBND --format xlsx --output results.xlsx
    python manage.py render_report 1978/KH-UBND --kind minutes --agency "Ngọc Hồi" --output bb.pdf
    python manage.py render_report 1978/KH-UBND --kind conclusion --agency "Ngọc Hồi" --deadline 30/09/2020 -o tb.pdf
    python manage.py render_report 1978/KH-UBND --final --number 15 --date 26/08/2020 --signer "Nguyễn Văn A" -o bc.pdf

Nothing is stored: the rendering is written to --output ("-" for standard output).
"""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Plan
from reports.documents.common import DocumentParams
from reports.models import PLAN_KINDS, Document, Kind, RenderJob
from reports.rendering import document_render
from reports.services import default_deadline, default_issued_on
from tthc_inspect.text import fold, nfc


def _date(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ (cần dd/mm/yyyy): {value}") from exc


class Command(BaseCommand):
    help = "Render a plan's Báo cáo (or a visit's Biên bản / Thông báo kết luận) to PDF, DOCX or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="số, ký hiệu of the plan, e.g. 1978/KH-UBND")
        parser.add_argument("--output", "-o", required=True, help="file to write, or - for stdout")
        parser.add_argument("--kind", choices=[k.value for k in Kind], default=Kind.REPORT)
        parser.add_argument("--agency", help="part of the inspected agency's name (for minutes and conclusion)")
        parser.add_argument("--format", choices=[f.value for f in RenderJob.Format], default=RenderJob.Format.PDF)
        parser.add_argument("--date", help="document date, dd/mm/yyyy (default: end of the inspection)")
        parser.add_argument("--deadline", help="remediation deadline, dd/mm/yyyy (conclusion)")
        parser.add_argument("--final", action="store_true", help="render as a final document (no DỰ THẢO mark)")
        parser.add_argument("--number", type=int, help="document number of a final document")
        parser.add_argument("--signer", default="", help="signer's name")
        parser.add_argument("--position", default="", help="signer's position, e.g. 'Trưởng đoàn'")

    def handle(self, *args, **opts):
        plans = Plan.objects.select_related("issuer", "issuer__area", "issuer__area__parent").filter(
            number=nfc(opts["plan"])
        )
        plan = plans.order_by("-issued_on").first()
        if plan is None:
            raise CommandError(f"Không tìm thấy kế hoạch {opts['plan']}.")
        visit = None
        if opts["kind"] not in PLAN_KINDS:
            if not opts["agency"]:
                raise CommandError("--agency is required for minutes and conclusion.")
            key = fold(opts["agency"])
            matches = [v for v in plan.visits.select_related("agency") if key in v.agency.search_name]
            if len(matches) != 1:
                raise CommandError(f"--agency matches {len(matches)} inspected agencies; be more specific.")
            visit = matches[0]
        if opts["final"] and not (opts["number"] and opts["signer"]):
            raise CommandError("--final needs --number and --signer.")
        issued_on = (
            _date(opts["date"]) if opts["date"] else default_issued_on(kind=opts["kind"], plan=plan, visit=visit)
        )
        deadline = _date(opts["deadline"]) if opts["deadline"] else default_deadline(issued_on)
        document = Document.objects.filter(kind=opts["kind"], plan=plan, visit=visit).first()
        document = document or Document(kind=opts["kind"], plan=plan, visit=visit)
        params = DocumentParams(
            issued_on=issued_on,
            final=opts["final"],
            number=opts["number"] if opts["final"] else None,
            signer_name=opts["signer"],
            signer_position=opts["position"],
            deadline=deadline,
        )
        rendered = document_render(document=document, params=params, fmt=opts["format"])
        if opts["output"] == "-":
            sys.stdout.buffer.write(rendered.content)
        else:
            with open(opts["output"], "wb") as out:
                out.write(rendered.content)
            pages = f", {rendered.pages} pages" if rendered.pages else ""
            self.stderr.write(f"Wrote {opts['output']} ({len(rendered.content)} bytes{pages}).")
