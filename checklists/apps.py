from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    """Versioned checklist templates (nội dung kiểm tra): below inspections, which chooses and freezes them."""

    name = "checklists"
    verbose_name = _("Mẫu nội dung kiểm tra")
    grants_role_permissions = True
