"""Who is acting, for the audit trail, when code runs outside a web request.

django-simple-history takes the user from the request (HistoryRequestMiddleware). Service
functions also run from Celery tasks, management commands and tests; ``records_user``
makes them record the ``user`` they were given whenever no request is active.
"""

import functools
from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords


@contextmanager
def acting_as(user):
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None or user is None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


def records_user(function):
    """Decorator for services taking ``user=``: their saves are recorded as that user's."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with acting_as(kwargs.get("user")):
            return function(*args, **kwargs)

    return wrapper


# Fields that change on every save and say nothing to a reader of the trail.
IGNORED_FIELDS = {"revision", "updated_at", "search_text", "search_name", "storage_key"}


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if field.many_to_many:
        key = field.m2m_reverse_field_name()
        ids = [row.get(key) for row in value] if isinstance(value, list) else []
        labels = {obj.pk: str(obj) for obj in field.related_model.objects.filter(pk__in=ids)}
        return "; ".join(labels.get(i, f"#{i}") for i in ids) or "—"
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    return str(value)


def object_history(model, pk: int) -> list[dict]:
    """The simple-history records of one object (deleted or not), newest first, each with its
    changes as {"field", "old", "new"} in words; a creation lists the values it was created with."""
    records = list(model.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous, excluded_fields=IGNORED_FIELDS).changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        elif record.history_type == "+":
            for field in model._meta.concrete_fields:
                value = getattr(record, field.attname, None)
                if field.name not in IGNORED_FIELDS and not field.primary_key and value not in (None, ""):
                    changes.append({"field": field.verbose_name, "old": "—", "new": _display(field, value)})
        entries.append({"record": record, "changes": changes})
    return entries
