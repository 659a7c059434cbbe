from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from checklists.services import checklist_revise
from findings.models import (
    Evidence,
    Explanation,
    Finding,
    ItemResult,
    VisitMinutes,
)
from inspections.selectors import checklist_is_frozen


class FrozenTemplateMixin:
    """A template in use is read-only in the admin; "create a new version" copies it."""

    def _frozen(self, obj) -> bool:
        template = obj if isinstance(obj, ChecklistTemplate) else getattr(obj, "template", None)
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
class ChecklistTemplateAdmin(FrozenTemplateMixin, admin.ModelAdmin):
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
class ChecklistSectionAdmin(FrozenTemplateMixin, admin.ModelAdmin):
    list_display = ["code", "title", "template", "order"]
    list_filter = ["template"]
    search_fields = ["title"]
    inlines = [ChecklistItemInline]
    list_select_related = ["template"]


@admin.register(ItemResult)
class ItemResultAdmin(SimpleHistoryAdmin):
    list_display = ["item", "visit", "result", "progress", "progress_by", "updated_at"]
    list_filter = ["result", "progress", "visit__plan__year"]
    search_fields = ["item__text", "visit__agency__name", "note"]
    raw_id_fields = ["visit", "item", "progress_by", "updated_by"]
    list_select_related = ["item", "visit__agency", "visit__plan", "progress_by"]


class ExplanationInline(admin.TabularInline):
    model = Explanation
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "severity", "visit", "item", "created_at"]
    list_filter = ["kind", "severity", "visit__plan__year"]
    search_fields = ["description", "cause", "recommendation", "visit__agency__name"]
    raw_id_fields = ["visit", "item", "earlier_finding", "created_by"]
    filter_horizontal = ["evidence"]
    list_select_related = ["visit__agency", "visit__plan", "item"]
    inlines = [ExplanationInline]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["caption", "kind", "visit", "uploaded_by", "uploaded_at", "sha256"]
    list_filter = ["kind"]
    search_fields = ["caption", "sha256", "visit__agency__name"]
    raw_id_fields = ["visit", "uploaded_by"]
    readonly_fields = ["original", "sha256", "size", "width", "height", "captured_at", "original_name"]
    list_select_related = ["visit__agency", "uploaded_by"]

    def has_add_permission(self, request):
        return False  # uploads go through the workspace, where the content is checked


@admin.register(VisitMinutes)
class VisitMinutesAdmin(SimpleHistoryAdmin):
    list_display = ["visit", "started_at", "place", "chair"]
    raw_id_fields = ["visit"]
    list_select_related = ["visit__agency"]


@admin.register(Explanation)
class ExplanationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "finding", "author", "created_at"]
    raw_id_fields = ["finding", "author"]
