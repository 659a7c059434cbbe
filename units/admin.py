from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User

from tthc_inspect.admin import HistoryAdmin, ReadOnlyAdmin, SearchAdmin
from units.models import AdminArea, Agency, AgencyName, Official
from units.roles import is_office


@admin.register(AdminArea)
class AdminAreaAdmin(SearchAdmin):
    list_display = ["name", "code", "level", "edition", "parent", "valid_from", "valid_to"]
    list_filter = ["edition", "level", "division_type"]
    search_fields = ["name", "=code"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    list_select_related = ["parent"]


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0
    fields = ["full_name", "position", "phone", "email", "user", "is_focal_point"]
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
    list_display = ["name", "kind", "level", "area", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "search_name"]
    autocomplete_fields = ["area", "parent"]
    filter_horizontal = ["successors"]
    list_select_related = ["area", "parent"]
    inlines = [OfficialInline]


@admin.register(AgencyName)
class AgencyNameAdmin(ReadOnlyAdmin):
    """Former names: kept by the rename in the directory pages (units.names), read here; the agency's
    own history records each rename."""

    list_display = ["name", "agency", "kind", "valid_from", "valid_to"]
    list_select_related = ["agency"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["agency", "parent"]


@admin.register(Official)
class OfficialAdmin(HistoryAdmin):
    list_display = ["full_name", "position", "agency", "is_focal_point", "user"]
    list_filter = ["is_focal_point", "agency__kind"]
    search_fields = ["full_name", "email", "agency__name"]
    autocomplete_fields = ["agency", "user"]
    list_select_related = ["agency", "user"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    """Django's user admin, with the history of roles (groups) and account flags (units.HistoricalUser).

    The office (staff in the office group) may look accounts up — the official form's account box
    answered 403 to it — but changes roles in the pages (units:account_edit), not here.
    """

    def has_view_permission(self, request, obj=None):
        return is_office(request.user) or super().has_view_permission(request, obj)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # The user's record tracks no foreign key: simple-history's select_related() of none is deprecated.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")
