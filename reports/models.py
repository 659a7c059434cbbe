"""Official documents of an inspection, their versions, and the Celery jobs that render them.

- ``Document``: one document of a plan — the Báo cáo kết quả kiểm tra (per plan), or a
  Biên bản kiểm tra / Thông báo kết luận kiểm tra (per visit).
- ``DocumentVersion``: a draft (regenerated at will) or a final version (number, date,
  signer; its PDF is frozen with its SHA-256). A correction is a new version.
- ``RenderJob``: one request to render a version to PDF, DOCX or XLSX. The row is the
  source of truth for the UI and for the periodic sweep; Celery only carries its id.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.querysets import DocumentQuerySet, DocumentVersionQuerySet, RenderJobQuerySet
from tthc_inspect.history import HistoricalRecords
from tthc_inspect.states import StateField, StateMachineMixin, transition
from tthc_inspect.text import NFCTextMixin


class Kind(models.TextChoices):
    REPORT = "report", _("Báo cáo kết quả kiểm tra")
    MINUTES = "minutes", _("Biên bản kiểm tra")
    CONCLUSION = "conclusion", _("Thông báo kết luận kiểm tra")
    FOLLOWUP = "followup", _("Báo cáo kết quả khắc phục")


# Type codes of Nghị định 30/2020, Phụ lục III; the issuing body is the inspection team (ĐKT).
TYPE_CODES = {Kind.REPORT: "BC", Kind.MINUTES: "BB", Kind.CONCLUSION: "TB", Kind.FOLLOWUP: "BC"}
# Documents of a whole plan (no visit); the others belong to one visit.
PLAN_KINDS = (Kind.REPORT, Kind.FOLLOWUP)
ISSUER_CODE = "ĐKT"


class Document(models.Model):
    """One official document of an inspection: the plan's report, or a visit's minutes or conclusion."""

    kind = models.CharField(_("loại văn bản"), max_length=10, choices=Kind.choices)
    plan = models.ForeignKey(
        "inspections.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="documents"
    )
    visit = models.ForeignKey(
        "inspections.Visit",
        verbose_name=_("cuộc kiểm tra tại đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "plan"], condition=Q(visit__isnull=True), name="document_once_per_plan"
            ),
            models.UniqueConstraint(
                fields=["kind", "visit"], condition=Q(visit__isnull=False), name="document_once_per_visit"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["report", "followup"], visit__isnull=True)
                | Q(kind__in=["minutes", "conclusion"], visit__isnull=False),
                name="document_visit_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.plan_id}/{self.visit_id or '-'})"

    @property
    def type_code(self) -> str:
        return TYPE_CODES[self.kind]


class DocumentVersion(StateMachineMixin, NFCTextMixin, models.Model):
    """A version of a document: a draft, or a final one whose PDF never changes (``document_finalize``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        FINAL = "final", _("Bản chính thức")

    STATUS_TONES = {Status.FINAL: "success"}

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("phiên bản"))
    status = StateField(_("trạng thái"), max_length=5, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(_("ngày văn bản"))
    deadline = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    file = models.FileField(_("tệp PDF chính thức"), max_length=200, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalized_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản văn bản")
        verbose_name_plural = _("phiên bản văn bản")
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="documentversion_unique_number"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(status="draft"), name="documentversion_one_open_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False) & ~Q(signer_name=""),
                name="documentversion_final_has_number_and_signer",
                violation_error_message=_("Bản chính thức phải có số văn bản và người ký."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @transition(field=status, source=Status.DRAFT, target=Status.FINAL)
    def finalize(self):
        """Called only by reports.services.document_finalize."""


def new_token() -> str:
    return uuid.uuid4().hex


class RenderJob(StateMachineMixin, models.Model):
    """One request to render a document version; the row, not the broker, is the source of truth.

    Its status moves only by the compare-and-set UPDATEs of reports.services (claim, finish, fail,
    retry, sweep): concurrent workers must not overwrite each other, so there is no transition method.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    STATUS_TONES = {Status.RUNNING: "primary", Status.DONE: "success", Status.FAILED: "warning"}

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    token = models.CharField(max_length=32, default=new_token, unique=True, editable=False)
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="jobs")
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices, default=Format.PDF)
    final = models.BooleanField(_("bản chính thức"), default=False)
    status = StateField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("gửi hàng đợi lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("cập nhật tiến độ lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    file = models.FileField(_("tệp kết quả"), max_length=200, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)

    objects = RenderJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác vụ tạo văn bản")
        verbose_name_plural = _("tác vụ tạo văn bản")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="renderjob_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def storage_name(self) -> str:
        """Where the output goes: generated from the job's token, so a re-run overwrites, never duplicates."""
        return f"reports/{self.token[:2]}/{self.token}.{self.format}"
