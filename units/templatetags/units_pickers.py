from django import template

from units.pickers import validity_text

register = template.Library()


@register.simple_tag
def validity(obj) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025", "… – …" or "—" for a row with validity dates."""
    return validity_text(obj.valid_from, obj.valid_to) or "—"
