from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A user's display name ("Nguyễn Văn A"), the username without one, "hệ thống" for no user."""
    if user is None:
        return _("hệ thống")
    return user.get_full_name() or user.get_username()
