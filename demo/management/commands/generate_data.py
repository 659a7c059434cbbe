import time

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import SyntheticDataExists, SyntheticSize, synthetic_analyze, synthetic_generate


class Command(BaseCommand):
    help = (
        "Sinh bộ dữ liệu mô phỏng có thể tái lập (cùng tham số và hạt giống → cùng dữ liệu) để thử bảng tổng hợp "
        "ở quy mô toàn quốc. Mặc định: 34 tỉnh, khoảng 3.000 cơ quan, 7 năm, 100.000 phát hiện, 20.000 biện pháp "
        "khắc phục. Dùng cơ sở dữ liệu trống; dữ liệu mô phỏng không ghi lịch sử chỉnh sửa."
    )

    def add_arguments(self, parser):
        default = SyntheticSize()
        parser.add_argument("--provinces", type=int, default=default.provinces, help="số tỉnh (sau 2025), tối đa 34")
        parser.add_argument("--agencies", type=int, default=default.agencies, help="số cơ quan (xấp xỉ)")
        parser.add_argument("--years", type=int, default=default.years, help="số năm kiểm tra")
        parser.add_argument("--last-year", type=int, default=default.last_year, help="năm kiểm tra cuối cùng")
        parser.add_argument("--findings", type=int, default=default.findings, help="số phát hiện")
        parser.add_argument("--actions", type=int, default=default.actions, help="số biện pháp khắc phục (tối đa)")
        parser.add_argument("--seed", type=int, default=default.seed, help="hạt giống ngẫu nhiên")

    def handle(self, *args, **options):
        size = SyntheticSize(
            provinces=options["provinces"],
            agencies=options["agencies"],
            years=options["years"],
            last_year=options["last_year"],
            findings=options["findings"],
            actions=options["actions"],
            seed=options["seed"],
        )
        started = time.monotonic()
        verbose = options["verbosity"] > 1
        try:
            result = synthetic_generate(size, log=self.stdout.write if verbose else lambda s: None)
        except SyntheticDataExists as exc:
            raise CommandError(str(exc)) from exc
        synthetic_analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh dữ liệu mô phỏng trong {time.monotonic() - started:.0f} giây: {result.provinces} tỉnh, "
                f"{result.agencies} cơ quan, {result.plans} kế hoạch, {result.visits} cuộc kiểm tra, "
                f"{result.item_results} kết quả tiêu chí, {result.findings} phát hiện, "
                f"{result.actions} biện pháp khắc phục."
            )
        )
