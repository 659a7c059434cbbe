"""The audit trail's mechanics: what counts as a change, who made it, how it reads.

``HistoricalRecords`` (use it instead of simple-history's own) records a save only when it
changed something. django-simple-history takes the user from the request
(HistoryRequestMiddleware). Service functions also run from Celery tasks, management commands
and tests; ``records_user`` makes them record the ``user`` they were given whenever no request
is active. ``object_history`` turns an object's records into before → after for the audit page.
"""

import datetime
import decimal
import functools
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django_fsm import FSMFieldMixin
from simple_history import models as simple_history
from simple_history.manager import HistoryDescriptor
from simple_history.utils import get_m2m_field_name

# Fields that change on every save and say nothing to a reader of the trail.
IGNORED_FIELDS = {"revision", "updated_at", "search_text", "search_name", "storage_key"}


class HistoricalRecords(simple_history.HistoricalRecords):
    """simple-history's records, minus the saves that changed nothing.

    A change record ("~", written after a save or a change to a recorded many-to-many list) is
    kept only when a tracked field or list differs from the object's last record: a loader run
    again, an ``update_or_create`` with the same values, a form sent back unchanged or an
    ``add()`` of what is already there leave the trail as it was. ``IGNORED_FIELDS`` (revision
    counters, timestamps, derived search keys) and ``auto_now`` fields do not count. Creations
    and deletions are always recorded, and ``bulk_create_with_history`` only ever creates.
    Costs one indexed read of the last record (plus one per recorded list) per save.
    """

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            descriptor.__class__ = OneManagerClassDescriptor

    def copy_fields(self, model):
        """As simple-history's, but a status field is plain text in the record: a record never transitions."""
        fields = super().copy_fields(model)
        for field in fields.values():
            if isinstance(field, FSMFieldMixin):
                field.__class__ = models.CharField
        return fields

    def create_historical_record(self, instance, history_type, using=None):
        if history_type == "~" and not self.has_changes(instance):
            return
        super().create_historical_record(instance, history_type, using=using)

    def has_changes(self, instance) -> bool:
        """Does ``instance`` (as saved) differ from its last record? True when it has none."""
        manager = getattr(instance, self.manager_name)
        last = manager.order_by("-history_date", "-history_id").first()
        if last is None or last.history_type == "-":
            return True
        for field in self.fields_included(instance):
            if field.name in IGNORED_FIELDS or getattr(field, "auto_now", False):
                continue
            if _comparable(field, getattr(instance, field.attname)) != _comparable(field, getattr(last, field.attname)):
                return True
        for field in self.get_m2m_fields_from_model(type(instance)):
            through = field.remote_field.through
            columns = [f.attname for f in through._meta.fields if not f.primary_key]
            now = through.objects.filter(**{get_m2m_field_name(field): instance}).values_list(*columns)
            if sorted(now) != sorted(getattr(last, field.name).values_list(*columns)):
                return True
        return False


class OneManagerClassDescriptor(HistoryDescriptor):
    """``obj.history`` with its manager class built once, not on every access (issue 22).

    simple-history's descriptor calls ``Manager.from_queryset`` each time, which creates a class by
    copying every queryset method (about 0.2 ms); a save reads ``.history`` twice (our change check and
    simple-history's record) and the dashboards' data version six times a page.
    """

    def __get__(self, instance, owner):
        manager_class = self.__dict__.get("manager_with_queryset")
        if manager_class is None:
            manager_class = self.manager_with_queryset = self.manager_class.from_queryset(self.queryset_class)
        return manager_class(self.model, instance)


def _comparable(field, value):
    """A field's value as stored, so that 7 and "7", or a file and its name, compare equal."""
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    try:
        return field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return value


@contextmanager
def acting_as(user):
    context = simple_history.HistoricalRecords.context
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


def _display(field, value) -> str:
    """A value as a reader expects it: words for choices, people by name, dates and numbers in the
    active language's format and local time (never "2026-12-01 19:35:41.713021+00:00")."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float | decimal.Decimal) and not field.is_relation and not field.choices:
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if field.many_to_many:
        key = field.m2m_reverse_field_name()
        ids = [row.get(key) for row in value] if isinstance(value, list) else []
        labels = {obj.pk: str(obj) for obj in field.related_model.objects.filter(pk__in=ids)}
        return "; ".join(labels.get(i, f"#{i}") for i in ids) or "—"
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        if related is not None and hasattr(related, "get_full_name"):  # a user: by name, not username
            return related.get_full_name() or related.get_username()
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
