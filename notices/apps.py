from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """In-app notifications and their e-mails: the lowest layer, so every app that emits an event may import it."""

    name = "notices"
    verbose_name = _("Thông báo")
    grants_role_permissions = True
