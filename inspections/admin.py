from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.forms import BaseTeamFormSet, TeamMemberForm
from inspections.models import Decision, Plan, TeamMember, Visit


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
class PlanAdmin(SimpleHistoryAdmin):
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
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "plan", "signer_name"]
    search_fields = ["number", "title", "plan__number"]
    list_select_related = ["plan"]
    inlines = [TeamMemberInline]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "plan", "planned_start", "planned_end", "status"]
    list_filter = ["status", "plan__year", "agency__kind"]
    search_fields = ["agency__name", "agency__search_name", "plan__number"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["units_seen", "people_met"]
    list_select_related = ["agency", "plan"]
