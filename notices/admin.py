from django.contrib import admin

from notices.models import EmailPreference, Notification
from tthc_inspect.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["message", "kind", "user", "created_at", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]
    search_fields = ["message", "user__username"]
    list_select_related = ["user"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
