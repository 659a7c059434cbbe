from django import template

register = template.Library()


@register.filter
def total_minutes(delta) -> int:
    """A timedelta as whole minutes (the lockout page: "tạm khóa 15 phút")."""
    return int(delta.total_seconds() // 60) if delta else 0
