from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Kon Tum 2020 demo and the synthetic national data set: the top of the stack, it builds every app's rows."""

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")
