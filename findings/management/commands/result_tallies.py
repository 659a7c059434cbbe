"""Check the dashboards' result tallies against a recount of the item results; ``--fix`` recounts them.

python manage.py result_tallies          # exit status 1 and the differences if any
python manage.py result_tallies --fix    # recount every tally (results locked meanwhile)
"""

from django.core.management.base import BaseCommand, CommandError

from findings.tallies import tallies_recount, tally_differences

DIFFERENCES_SHOWN = 20  # the first ones; the count says how many there are


class Command(BaseCommand):
    help = "Check the result tallies (per visit and checklist section) against the item results; --fix recounts."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="recount every tally from the item results")

    def handle(self, *args, fix: bool, **options):
        if fix:
            written = tallies_recount()
            self.stdout.write(f"Đã đếm lại: {written} dòng tổng hợp kết quả.")
        differences = tally_differences()
        if differences:
            for (visit, section), stored, counted in differences[:DIFFERENCES_SHOWN]:
                where = "cả cuộc kiểm tra" if section is None else f"nhóm nội dung {section}"
                self.stderr.write(f"cuộc kiểm tra {visit}, {where}: lưu {stored}, đếm được {counted}")
            raise CommandError(
                f"{len(differences)} dòng tổng hợp kết quả lệch với kết quả tiêu chí; chạy lại với --fix để đếm lại."
            )
        self.stdout.write("Tổng hợp kết quả khớp với kết quả tiêu chí.")
