"""A field's choice label without the cost of Django's ``get_<field>_display`` in a list.

Django's method builds a dict of the field's choices on every call and, to make it hashable, hashes
each label: a lazy label is translated to be hashed, so a status of five choices costs five
translations a row (about a thousand a page on the remediation list, issue 22). Here the choices'
dict is built once per field and only the label shown is translated.
"""

import functools

from django.utils.encoding import force_str


@functools.cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


def choice_label(obj, field_name: str) -> str:
    """What ``obj.get_<field_name>_display()`` returns, in the active language (for a model instance;
    anything else that offers ``get_<field_name>_display`` is asked)."""
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return getattr(obj, f"get_{field_name}_display")()
    field = meta.get_field(field_name)
    value = getattr(obj, field.attname)
    try:
        label = _labels(field).get(value, value)
    except TypeError:  # an unhashable value: Django's own way
        return getattr(obj, f"get_{field_name}_display")()
    return force_str(label, strings_only=True)
