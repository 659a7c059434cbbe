"""Plans, decisions and visits in the admin. A status is shown read-only: it moves only through the
services (the plan's steps are also admin actions calling them); a started visit keeps its agency and plan."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inspections import services
from inspections.forms import BaseTeamFormSet, TeamMemberForm
from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.admin import HistoryAdmin, ReadOnlyHistoryAdmin


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    show_change_link = True


class VisitInline(admin.TabularInline):
    """The schedule's dates; agencies are added on the visit's own page (a started visit keeps its agency)."""

    model = Visit
    extra = 0
    fields = ["agency", "planned_start", "planned_end", "status"]
    readonly_fields = ["agency", "status"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["number", "title", "issuer", "year", "issued_on", "status"]
    list_filter = ["year", "status", "is_ad_hoc", "issuer"]
    search_fields = ["number", "title", "search_text"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuer"]
    list_select_related = ["issuer"]
    readonly_fields = ["status"]
    inlines = [DecisionInline, VisitInline]
    actions = ["issue", "start", "complete"]

    def _step(self, request, queryset, service):
        for plan in queryset.order_by("pk"):
            try:
                plan = service(plan=plan, user=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{plan.number}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{plan.number}: {plan.get_status_display()}", messages.SUCCESS)

    @admin.action(description=_("Ban hành kế hoạch"), permissions=["change"])
    def issue(self, request, queryset):
        self._step(request, queryset, services.plan_issue)

    @admin.action(description=_("Bắt đầu kiểm tra"), permissions=["change"])
    def start(self, request, queryset):
        self._step(request, queryset, services.plan_start)

    @admin.action(description=_("Hoàn thành kế hoạch"), permissions=["change"])
    def complete(self, request, queryset):
        self._step(request, queryset, services.plan_complete)


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
    # Written by the workflow services (start, submit, return, close) and the conclusion.
    readonly_fields = ["status", "review_comment", "conclusion_issued_on"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.has_started:
            fields += ["plan", "agency"]  # who reads the results follows from these
        return fields


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyHistoryAdmin):
    """Shown with its history; the roster is edited with its decision, whose form keeps one head per team."""

    list_display = ["official", "role", "decision", "home_agency", "order"]
    list_filter = ["role", "decision__plan__year"]
    search_fields = ["official__full_name", "decision__number"]
    list_select_related = ["official__agency", "decision", "home_agency"]
