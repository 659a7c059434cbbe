"""python manage.py archive_verify hoso.zip — recompute every file's SHA-256 against the manifest."""

from django.core.management.base import BaseCommand, CommandError

from reports.archive.manifest import archive_verify


class Command(BaseCommand):
    help = "Kiểm tra lại hồ sơ lưu trữ (ZIP): SHA-256 của từng tệp so với manifest.json."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp ZIP hồ sơ lưu trữ")

    def handle(self, *args, **opts):
        try:
            result = archive_verify(opts["path"])
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Không đọc được hồ sơ: {exc}") from exc
        for label, names in (("thiếu", result.missing), ("thừa", result.extra), ("sai SHA-256", result.changed)):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        if not result.ok:
            raise CommandError(f"Hồ sơ KHÔNG khớp manifest ({result.checked} tệp đã kiểm tra).")
        self.stdout.write(self.style.SUCCESS(f"Hồ sơ khớp manifest: {result.checked} tệp, SHA-256 đúng."))
