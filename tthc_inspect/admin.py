"""Admin base classes the apps share: history pages that only read, and read-only model pages.

Not an app's ``admin.py`` (``tthc_inspect`` is not an installed app): the apps import these.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import CharField, Q, TextField
from simple_history.admin import SimpleHistoryAdmin

from tthc_inspect.text import fold

# Columns holding an accent-folded copy of a row's name (``tthc_inspect.text.fold``), searched in their stead.
FOLDED_COLUMNS = ("search_name", "search_text")


def text_path(model, path: str) -> str | None:
    """ "visit__agency__name" when its last field is text: searched through ``__fold`` (tthc_inspect.folding)."""
    if path[:1] in "=^@":
        return None
    *relations, last = path.split("__")
    for name in relations:
        try:
            model = model._meta.get_field(name).related_model
        except FieldDoesNotExist:
            return None
        if model is None:
            return None
    try:
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        return None
    return path if isinstance(field, CharField | TextField) else None


def folded_path(model, path: str) -> str | None:
    """ "visit__agency__name" → "visit__agency__search_name" when the last model keeps a folded name."""
    *relations, _last = path.lstrip("=^@").split("__")
    for name in relations:
        try:
            model = model._meta.get_field(name).related_model
        except FieldDoesNotExist:
            return None
        if model is None:
            return None
    for column in FOLDED_COLUMNS:
        try:
            model._meta.get_field(column)
        except FieldDoesNotExist:
            continue
        return "__".join([*relations, column])
    return None


class FoldedSearchMixin:
    """Accent-insensitive admin search: "Đắk Pxi", "đak pxi" and "dak pxi" find the same rows.

    Django's search is ``icontains`` on each search field; where the field's model keeps a folded name
    (agencies, areas, officials, plans) the folded words are also looked up in that column (indexed),
    and every other text field is compared folded (``__fold__contains``: descriptions, notes, usernames).
    """

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        fields = self.get_search_fields(request)
        paths = {f"{p}__contains" for p in (folded_path(self.model, f) for f in fields) if p}
        paths |= {f"{p}__fold__contains" for p in (text_path(self.model, f) for f in fields) if p}
        if not words or not paths:
            return results, may_have_duplicates
        folded = queryset
        for word in words:
            condition = Q()
            for path in paths:
                condition |= Q(**{path: word})
            folded = folded.filter(condition)
        return results | folded, True


class HistoryAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    """An audited model's admin: its history page lists every change; a past version can be read, not restored.

    simple-history's "revert" saves a past version of the row from that page, past the services and
    their workflow rules (a closed visit back in progress, a verified action reopened), and it asks
    only for the view permission. Here it is off: changes go through the change form or the app.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """For rows that only services or database triggers write: shown in the admin, never added or
    changed there (their state changes through the app, which checks who and when). Deleting is
    left to the model permission, as Django's admin refuses to delete a plan or visit whose
    cascade reaches a model the user may not delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SearchAdmin(FoldedSearchMixin, admin.ModelAdmin):
    pass


class ReadOnlyAdmin(ReadOnlyAdminMixin, SearchAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    pass
