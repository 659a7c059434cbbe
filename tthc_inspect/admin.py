"""Admin base classes the apps share: history pages that only read, and read-only model pages.

Not an app's ``admin.py`` (``tthc_inspect`` is not an installed app): the apps import these.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
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


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    pass
