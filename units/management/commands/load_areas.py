from django.core.management.base import BaseCommand

from units.services import areas_load


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính (trước và sau 01/7/2025) từ gói vietnam-provinces. Chạy lại an toàn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            type=int,
            action="append",
            dest="provinces",
            help="Chỉ nạp tỉnh có mã này (kèm tỉnh trước/sau sáp nhập). Có thể lặp lại. Ví dụ: --province 62",
        )

    def handle(self, *args, provinces=None, **options):
        result = areas_load(province_codes=provinces)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp đơn vị hành chính: {result.created} mới, {result.updated} cập nhật, "
                f"{result.successor_links} liên kết kế thừa mới."
            )
        )
