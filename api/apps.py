from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tthc_inspect.audit import audit_register


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    grants_role_permissions = True

    def ready(self):
        from api import schema  # noqa: F401 - registers the OpenAPI extension of the token authentication

        audit_register("ma-api", self.get_model("ApiToken"))
