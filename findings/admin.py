from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from checklists.services import checklist_revise
from findings.models import (
    DeadlineExtension,
    Evidence,
    Explanation,
    Finding,
    ItemResult,
    RemediationAction,
    ReminderSent,
    ResultTally,
    VisitMinutes,
    VisitTally,
)
from inspections.selectors import checklist_is_frozen
from tthc_inspect.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyHistoryAdmin, SearchAdmin


class FrozenTemplateMixin:
    """A template in use is read-only in the admin; "create a new version" copies it."""

    def _frozen(self, obj) -> bool:
        if isinstance(obj, ChecklistTemplate):
            template = obj
        elif isinstance(obj, ChecklistItem):
            template = obj.section.template
        else:
            template = getattr(obj, "template", None)
        return template is not None and checklist_is_frozen(template)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self._frozen(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self._frozen(obj))


class ChecklistItemInline(admin.StackedInline):
    model = ChecklistItem
    extra = 0


class ChecklistSectionInline(admin.TabularInline):
    model = ChecklistSection
    extra = 0
    show_change_link = True


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(FrozenTemplateMixin, SearchAdmin):
    list_display = ["title", "code", "version", "created_at"]
    list_filter = ["code"]
    search_fields = ["title", "code"]
    inlines = [ChecklistSectionInline]
    actions = ["new_version"]

    @admin.action(description=_("Tạo phiên bản mới (sao chép để sửa)"))
    def new_version(self, request, queryset):
        for template in queryset:
            new = checklist_revise(template=template)
            messages.success(request, _("Đã tạo %(t)s.") % {"t": new})


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(FrozenTemplateMixin, SearchAdmin):
    list_display = ["code", "title", "template", "order"]
    list_filter = ["template"]
    search_fields = ["title"]
    inlines = [ChecklistItemInline]
    list_select_related = ["template"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(FrozenTemplateMixin, SearchAdmin):
    list_display = ["code", "text", "section", "applies_province", "applies_district", "applies_commune"]
    list_filter = ["section__template"]
    search_fields = ["code", "text"]
    list_select_related = ["section__template"]


@admin.register(ItemResult)
class ItemResultAdmin(HistoryAdmin):
    list_display = ["item", "visit", "result", "progress", "progress_by", "updated_at"]
    list_filter = ["result", "progress", "visit__plan__year"]
    search_fields = ["item__text", "visit__agency__name", "note"]
    autocomplete_fields = ["visit", "item", "progress_by", "updated_by"]
    list_select_related = ["item", "visit__agency", "visit__plan", "progress_by"]


class ExplanationInline(admin.TabularInline):
    model = Explanation
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Finding)
class FindingAdmin(HistoryAdmin):
    list_display = ["__str__", "kind", "severity", "visit", "item", "created_at"]
    list_filter = ["kind", "severity", "visit__plan__year"]
    search_fields = ["description", "cause", "recommendation", "visit__agency__name"]
    autocomplete_fields = ["visit", "item", "earlier_finding", "created_by"]
    filter_horizontal = ["evidence"]
    list_select_related = ["visit__agency", "visit__plan", "item"]
    inlines = [ExplanationInline]


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = ["caption", "kind", "visit", "uploaded_by", "uploaded_at", "sha256"]
    list_filter = ["kind"]
    search_fields = ["caption", "sha256", "visit__agency__name"]
    autocomplete_fields = ["visit", "uploaded_by"]
    readonly_fields = ["original", "sha256", "size", "width", "height", "captured_at", "original_name"]
    list_select_related = ["visit__agency", "uploaded_by"]

    def has_add_permission(self, request):
        return False  # uploads go through the workspace, where the content is checked


@admin.register(VisitMinutes)
class VisitMinutesAdmin(HistoryAdmin):
    list_display = ["visit", "started_at", "place", "chair"]
    autocomplete_fields = ["visit"]
    list_select_related = ["visit__agency"]


@admin.register(Explanation)
class ExplanationAdmin(HistoryAdmin):
    list_display = ["__str__", "finding", "author", "created_at"]
    autocomplete_fields = ["finding", "author"]


class ExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    fields = ["requested_deadline", "reason", "requested_by", "status", "decided_by", "decision_comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RemediationAction)
class RemediationActionAdmin(ReadOnlyHistoryAdmin):
    """Read-only: an action moves (report, verify, return, extend) only through the follow-up services."""

    list_display = ["description", "agency", "deadline", "status", "visit"]
    list_filter = ["status", "visit__plan__year"]
    search_fields = ["description", "measure", "agency__name"]
    list_select_related = ["agency", "visit__plan"]
    inlines = [ExtensionInline]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyHistoryAdmin):
    """Read-only: requested by the agency and decided by the office in the app."""

    list_display = ["action", "requested_deadline", "status", "requested_by", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["action", "requested_by", "decided_by"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["action", "kind", "deadline", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["action__agency"]


@admin.register(ResultTally)
class ResultTallyAdmin(ReadOnlyAdmin):
    """Kept by database triggers; ``manage.py result_tallies --fix`` is the only repair."""

    list_display = ["visit", "section", "items", "passed", "partial", "failed", "not_applicable"]
    list_select_related = ["visit__agency", "section"]


@admin.register(VisitTally)
class VisitTallyAdmin(ReadOnlyAdmin):
    """Kept by database triggers, as ResultTally."""

    list_display = ["visit", "items", "passed", "partial", "failed", "not_applicable", "rate"]
    list_select_related = ["visit__agency"]
