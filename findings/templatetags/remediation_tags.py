from django import template

register = template.Library()


@register.filter
def overdue_on(action, today) -> bool:
    """{% if action|overdue_on:today %}: the agency still has to act and the deadline has passed."""
    return action.is_overdue(today)
