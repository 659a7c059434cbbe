from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = _("Kết quả kiểm tra")
    grants_role_permissions = True

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow's decompression-bomb guard at our limit instead of its default (~89 MP).
        Image.MAX_IMAGE_PIXELS = settings.EVIDENCE_MAX_PIXELS
