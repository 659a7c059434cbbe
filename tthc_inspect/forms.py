"""Form pieces shared by every app: date inputs as dd/mm/yyyy, id and number filters, PDF upload checks.

Query-string filters: every id filter is an ``IdField`` (or ``IdModelChoiceField`` for a choice of
rows) and every number filter an ``IntegerFilter`` with bounds, so a value such as
``99999999999999999999999``, ``-1``, ``²`` or ``1\x00`` is an invalid choice (dropped from the
filter) and never reaches the database, where it raised ``OverflowError`` (a 500) on SQLite.
``tests/security/test_hostile_queries.py`` checks every filter class of the project uses them.
"""

from html import escape

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


class DateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy, the way Vietnamese users read and type dates."""

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class PlainSelect(forms.Select):
    """A single <select> without option groups, written in one pass.

    Django renders each option through a template (about 0.1 ms each): a filter listing every plan
    of the country cost more than the page's queries. Same HTML, same attributes, labels escaped.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")}
        options = []
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in chosen or (not chosen and text == "") else ""
            options.append(f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>')
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{''.join(options)}</select>")  # noqa: S308  (every part escaped)


ID_MAX = 2**63 - 1  # BigAutoField (DEFAULT_AUTO_FIELD): the largest id any table can hold


class IdField(forms.IntegerField):
    """A row id typed into a query string: an integer from 1 to ``ID_MAX``, anything else invalid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


ID_VALUE = IdField()


def parse_id(value) -> int | None:
    """``value`` as an id (see ``IdField``), or None when it is not one."""
    try:
        return ID_VALUE.clean(value)
    except ValidationError:
        return None


class IntegerFilter(django_filters.Filter):
    """An integer filter; pass ``min_value``/``max_value`` (the column's range) so no value overflows it.

    django-filter's ``NumberFilter`` takes any decimal (``1e400``, 30 digits) to the database.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int, max_value: int, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class IdFilter(IntegerFilter):
    """A filter on a row id (``agency=5``)."""

    field_class = IdField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class IdModelChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of rows by id; a value that is not an id is an invalid choice before any query."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, self.queryset.model) and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdModelChoiceField


class ValuesChoiceIterator(ModelChoiceIterator):
    """Options as (pk, label) from one ``values_list`` query: no model instance per option.

    Building a model instance and calling ``__str__`` for each of the country's plans cost more than
    the list page's own queries; the label is ``field.label_format`` over ``field.label_fields``.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *parts in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, self.field.label_format.format(*parts))


class ValuesModelChoiceField(IdModelChoiceField):
    iterator = ValuesChoiceIterator

    def __init__(self, *args, label_fields: tuple[str, ...], label_format: str, **kwargs):
        self.label_fields, self.label_format = label_fields, label_format
        super().__init__(*args, **kwargs)


class ValuesModelChoiceFilter(IdModelChoiceFilter):
    """A ModelChoiceFilter whose options are read as values (see ``ValuesChoiceIterator``); ``label_fields``
    and ``label_format`` must give the same text as the model's ``__str__`` (tested per use)."""

    field_class = ValuesModelChoiceField


def pdf_page_count(stream) -> int:
    """The number of pages of an uploaded PDF, or the usual "not a valid PDF" ValidationError.

    pypdf reads bytes from strangers: besides its own errors (``PyPdfError``, e.g. ``LimitReachedError``
    for a page tree deeper than 100 levels) a crafted file can make it raise almost anything
    (``RecursionError``, ``KeyError``, ``AttributeError``…). Whatever it raises, the file is not a PDF
    we can read: one message, never a 500. Every PDF upload (plan scan, evidence, remediation
    reports) goes through here.
    """
    from pypdf import PdfReader

    try:
        return len(PdfReader(stream).pages)
    except Exception as exc:  # any failure of the parser on untrusted input
        raise ValidationError(_("Không đọc được tệp PDF: tệp bị hỏng hoặc không hợp lệ."), code="bad_pdf") from exc


def check_pdf_upload(upload) -> None:
    """Accept a file only if its content is a readable PDF within the size limit (its name is ignored)."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": settings.UPLOAD_MAX_BYTES // 1048576},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Tệp không phải là PDF (nội dung tệp không đúng định dạng PDF)."), code="not_pdf")
    try:
        pages = pdf_page_count(upload)
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError(_("Tệp PDF không có trang nào."), code="empty_pdf")
