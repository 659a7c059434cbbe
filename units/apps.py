from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Địa bàn và cơ quan")
    # Each project app opts in to the role groups' admin permissions (units.roles.role_permissions_grant).
    grants_role_permissions = True

    def ready(self):
        import tthc_inspect.lookups  # noqa: F401  (registers ``__any``)
        from units.roles import role_permissions_on_migrate

        # Sent once per app after migrate; the receiver grants only apps that declare grants_role_permissions.
        post_migrate.connect(role_permissions_on_migrate, dispatch_uid="units.role_permissions_on_migrate")
