from django.conf import settings
from django.core.management.base import BaseCommand

from demo.kontum import demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đợt kiểm tra công tác kiểm soát TTHC năm 2020 của tỉnh Kon Tum. Chạy lại an toàn."

    def handle(self, *args, **options):
        result = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu: kế hoạch {result.plan.number}."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {settings.DEMO_PASSWORD}): " + ", ".join(result.usernames))
