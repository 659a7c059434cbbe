from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User

from tthc_inspect.admin import HistoryAdmin
from units.models import AdminArea, Agency, Official


@admin.register(AdminArea)
class AdminAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "edition", "parent", "valid_from", "valid_to"]
    list_filter = ["edition", "level", "division_type"]
    search_fields = ["name", "=code"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["successors"]
    list_select_related = ["parent"]


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0
    fields = ["full_name", "position", "phone", "email", "user", "is_focal_point"]
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
    list_display = ["name", "kind", "level", "area", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "search_name"]
    raw_id_fields = ["area", "parent"]
    filter_horizontal = ["successors"]
    list_select_related = ["area", "parent"]
    inlines = [OfficialInline]


@admin.register(Official)
class OfficialAdmin(HistoryAdmin):
    list_display = ["full_name", "position", "agency", "is_focal_point", "user"]
    list_filter = ["is_focal_point", "agency__kind"]
    search_fields = ["full_name", "email", "agency__name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency", "user"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    """Django's user admin, with the history of roles (groups) and account flags (units.HistoricalUser)."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # The user's record tracks no foreign key: simple-history's select_related() of none is deprecated.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")
