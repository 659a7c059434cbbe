from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from tthc_inspect.audit import audit_register


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Địa bàn và cơ quan")
    # Each project app opts in to the role groups' admin permissions (units.roles.role_permissions_grant).
    grants_role_permissions = True

    def ready(self):
        import tthc_inspect.folding  # noqa: F401  (registers ``__fold``)
        import tthc_inspect.lookups  # noqa: F401  (registers ``__any``)
        from units.roles import role_permissions_on_migrate

        audit_register("co-quan", self.get_model("Agency"))
        audit_register("can-bo", self.get_model("Official"))
        audit_register("tai-khoan", self.apps.get_model(settings.AUTH_USER_MODEL))  # roles: groups and flags

        # Sent once per app after migrate; the receiver grants only apps that declare grants_role_permissions.
        post_migrate.connect(role_permissions_on_migrate, dispatch_uid="units.role_permissions_on_migrate")
