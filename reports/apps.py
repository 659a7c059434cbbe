from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tthc_inspect.audit import audit_register


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Văn bản, báo cáo")
    grants_role_permissions = True

    def ready(self):
        audit_register("van-ban", self.get_model("DocumentVersion"))
