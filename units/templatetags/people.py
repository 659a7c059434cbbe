from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A user's display name ("Nguyễn Văn A"), the username without one, "hệ thống" for no user."""
    if user is None:
        return _("hệ thống")
    return user.get_full_name() or user.get_username()


@register.filter
def manages_directory(user) -> bool:
    """The office: the navigation shows it the directory (agencies, officials, accounts)."""
    from units.roles import is_office

    return is_office(user)


@register.filter
def role_name(group) -> str:
    """A group shown as its role in the active language (the stored name is Vietnamese)."""
    from units.roles import group_label

    return group_label(group.name)
