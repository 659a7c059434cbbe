"""API tokens in the admin: listed with their history, never added or changed there (the owner
creates and revokes them on the tokens page; the key itself is never stored)."""

from django.contrib import admin

from api.models import ApiToken
from tthc_inspect.admin import ReadOnlyHistoryAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "user", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    list_select_related = ["user"]
    search_fields = ["name", "key_start", "user__username"]
