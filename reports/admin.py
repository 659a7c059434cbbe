"""Documents, their versions and render jobs: shown in the admin, written only by reports.services
(a final version's PDF never changes; a job's state follows the worker)."""

from django.contrib import admin

from reports.models import Document, DocumentVersion, RenderJob
from tthc_inspect.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "plan", "visit", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["plan", "visit__agency"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "status", "number", "issued_on", "signer_name", "finalized_at"]
    list_filter = ["status", "document__kind"]
    list_select_related = ["document"]


@admin.register(RenderJob)
class RenderJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "version", "format", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "format"]
    list_select_related = ["version__document"]
