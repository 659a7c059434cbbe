"""Roles are Django groups; this module is the one place that names them.

| role        | group name                          | may                                             |
|-------------|-------------------------------------|-------------------------------------------------|
| office      | Văn phòng UBND tỉnh                 | create and edit plans, decisions, teams, visits; see everything |
| team_head   | Trưởng đoàn kiểm tra                | see the plans whose team they lead; edit those visits |
| team_member | Thành viên đoàn kiểm tra            | see the plans whose team they are on            |
| liaison     | Đầu mối cơ quan được kiểm tra       | see only the visits of their own agency         |
| leadership  | Lãnh đạo                            | see everything, change nothing                  |

Which plans a team head or member sees is decided by the team rosters (data), not
by the group: the group says what kind of user this is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Văn phòng UBND tỉnh")
    TEAM_HEAD = "team_head", _("Trưởng đoàn kiểm tra")
    TEAM_MEMBER = "team_member", _("Thành viên đoàn kiểm tra")
    LIAISON = "liaison", _("Đầu mối cơ quan được kiểm tra")
    LEADERSHIP = "leadership", _("Lãnh đạo")


# Group names are stored in Vietnamese, as the admin shows them; never translate them.
GROUP_NAMES: dict[str, str] = {
    Role.OFFICE: "Văn phòng UBND tỉnh",
    Role.TEAM_HEAD: "Trưởng đoàn kiểm tra",
    Role.TEAM_MEMBER: "Thành viên đoàn kiểm tra",
    Role.LIAISON: "Đầu mối cơ quan được kiểm tra",
    Role.LEADERSHIP: "Lãnh đạo",
}
_ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}


def group_label(name: str) -> str:
    """A group's role in the reader's language (the stored name stays Vietnamese); other groups as named."""
    role = _ROLE_BY_GROUP.get(name)
    return str(Role(role).label) if role else name


def roles_of(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the request (one query)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_tthc_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(_ROLE_BY_GROUP[n] for n in names if n in _ROLE_BY_GROUP)
        if user.is_superuser:
            cached = cached | {Role.OFFICE}
        user._tthc_roles = cached
    return cached


def sees_everything(user) -> bool:
    """Office staff and leadership read every plan, visit and agency."""
    return bool(roles_of(user) & {Role.OFFICE, Role.LEADERSHIP})


def is_office(user) -> bool:
    return Role.OFFICE in roles_of(user)


def liaison_agency_ids(user) -> list[int]:
    """The agency a liaison answers for, with its subordinate units and desks."""
    if Role.LIAISON not in roles_of(user):
        return []
    cached = getattr(user, "_tthc_liaison_agencies", None)
    if cached is None:
        from units.models import Agency

        official = getattr(user, "official", None)
        if official is None:
            cached = []
        else:
            root = official.agency_id
            cached = [root, *Agency.objects.filter(parent_id=root).values_list("id", flat=True)]
        user._tthc_liaison_agencies = cached
    return cached


def role_permissions_grant(app_labels, using: str = "default") -> None:
    """Give the office group every model permission of these apps, and leadership their view permissions.

    Which apps: each project app's AppConfig says ``grants_role_permissions = True``, so this
    module, in the lowest app, names no app above it.
    """
    from django.contrib.auth.models import Group, Permission

    perms = Permission.objects.using(using).filter(content_type__app_label__in=list(app_labels))
    office = Group.objects.using(using).filter(name=GROUP_NAMES[Role.OFFICE]).first()
    if office is not None:
        office.permissions.add(*perms)
    leadership = Group.objects.using(using).filter(name=GROUP_NAMES[Role.LEADERSHIP]).first()
    if leadership is not None:
        leadership.permissions.add(*perms.filter(codename__startswith="view_"))


def project_app_labels() -> list[str]:
    """The apps whose models the role groups may manage (those that opt in)."""
    from django.apps import apps

    return [config.label for config in apps.get_app_configs() if getattr(config, "grants_role_permissions", False)]


def role_permissions_on_migrate(sender, using="default", **kwargs):
    """post_migrate receiver (the project's one signal, docs/architecture.md): keep the grants in step with models.

    Permissions of an app exist once its own post_migrate has run, so each opted-in app is granted as it is sent.
    """
    if getattr(sender, "grants_role_permissions", False):
        role_permissions_grant([sender.label], using=using)
