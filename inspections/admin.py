from django.contrib import admin

from inspections.forms import BaseTeamFormSet, TeamMemberForm
from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.admin import HistoryAdmin, ReadOnlyHistoryAdmin


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    show_change_link = True


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    fields = ["agency", "planned_start", "planned_end", "status"]
    autocomplete_fields = ["agency"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["number", "title", "issuer", "year", "issued_on", "status"]
    list_filter = ["year", "status", "is_ad_hoc", "issuer"]
    search_fields = ["number", "title", "search_text"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuer"]
    list_select_related = ["issuer"]
    inlines = [DecisionInline, VisitInline]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    form = TeamMemberForm
    formset = BaseTeamFormSet
    extra = 0
    autocomplete_fields = ["official", "home_agency"]


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["number", "issued_on", "plan", "signer_name"]
    search_fields = ["number", "title", "plan__number"]
    list_select_related = ["plan"]
    inlines = [TeamMemberInline]


@admin.register(Visit)
class VisitAdmin(HistoryAdmin):
    list_display = ["agency", "plan", "planned_start", "planned_end", "status"]
    list_filter = ["status", "plan__year", "agency__kind"]
    search_fields = ["agency__name", "agency__search_name", "plan__number"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["units_seen", "people_met"]
    list_select_related = ["agency", "plan"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyHistoryAdmin):
    """Shown with its history; the roster is edited with its decision, whose form keeps one head per team."""

    list_display = ["official", "role", "decision", "home_agency", "order"]
    list_filter = ["role", "decision__plan__year"]
    search_fields = ["official__full_name", "decision__number"]
    list_select_related = ["official__agency", "decision", "home_agency"]
