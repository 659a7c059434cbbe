from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tthc_inspect.audit import audit_register

# Slug of /nhat-ky/<slug>/<id>/ → model of this app whose history the office may read.
AUDITED = {
    "ket-qua": "ItemResult",
    "phat-hien": "Finding",
    "minh-chung": "Evidence",
    "giai-trinh": "Explanation",
    "bien-ban": "VisitMinutes",
    "khac-phuc": "RemediationAction",
    "gia-han": "DeadlineExtension",
}


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = _("Kết quả kiểm tra")
    grants_role_permissions = True

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow's decompression-bomb guard at our limit instead of its default (~89 MP).
        Image.MAX_IMAGE_PIXELS = settings.EVIDENCE_MAX_PIXELS

        for slug, name in AUDITED.items():
            audit_register(slug, self.get_model(name))
