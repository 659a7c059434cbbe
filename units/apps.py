from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

PROJECT_APPS = ("units", "inspections", "findings", "reports")


def grant_role_permissions(sender, using="default", **kwargs):
    """Keep the role groups' admin permissions in step with the models after every migrate.

    The office group may change every model of the project apps in the admin;
    leadership may only view them. (Signal documented in docs/architecture.md.)
    """
    from django.contrib.auth.models import Group, Permission

    from units.roles import GROUP_NAMES, Role

    perms = Permission.objects.using(using).filter(content_type__app_label__in=PROJECT_APPS)
    office = Group.objects.using(using).filter(name=GROUP_NAMES[Role.OFFICE]).first()
    if office is not None:
        office.permissions.add(*perms)
    leadership = Group.objects.using(using).filter(name=GROUP_NAMES[Role.LEADERSHIP]).first()
    if leadership is not None:
        leadership.permissions.add(*perms.filter(codename__startswith="view_"))


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Địa bàn và cơ quan")

    def ready(self):
        import tthc_inspect.lookups  # noqa: F401  (registers ``__any``)

        # Sent once per app: permissions of later apps exist only once their own signal fires.
        post_migrate.connect(grant_role_permissions, dispatch_uid="units.grant_role_permissions")
