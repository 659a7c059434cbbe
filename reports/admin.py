"""Documents, their versions and render jobs: shown in the admin, written only by reports.services
(a final version's PDF never changes; a job's state follows the worker)."""

from django.contrib import admin

from reports.models import (
    ArchivePackage,
    CalendarFeed,
    DashboardPrint,
    Document,
    DocumentVersion,
    ElectronicCopy,
    PeriodicReport,
    PlanExport,
    RegisterCounter,
    RegisterEntry,
    RenderJob,
    Signature,
)
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


@admin.register(PlanExport)
class PlanExportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "status", "progress", "files", "size", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["plan"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "period", "format", "status", "number", "created_at", "finished_at"]
    list_filter = ["status", "format"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "version", "signing_time", "intact", "trusted", "issuer"]
    list_select_related = ["version__document"]


@admin.register(RegisterCounter)
class RegisterCounterAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "issuer", "body_code", "type_code", "year", "last"]
    list_filter = ["year"]
    list_select_related = ["issuer"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "number", "counter", "version", "registered_at"]
    list_select_related = ["counter", "version__document"]


@admin.register(ElectronicCopy)
class ElectronicCopyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "form", "agency_name", "copied_at"]
    list_select_related = ["version__document"]


@admin.register(ArchivePackage)
class ArchivePackageAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "status", "files", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["plan"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Whose calendar address exists (its secret token is never shown; the owner resets it)."""

    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    exclude = ["token"]


@admin.register(DashboardPrint)
class DashboardPrintAdmin(ReadOnlyAdmin):
    """The dashboard PDFs asked for (their state follows the worker; the secret token is not shown)."""

    list_display = ["__str__", "requested_by", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    exclude = ["token"]
