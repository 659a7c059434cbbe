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

from reports.querysets import AGENCY_KINDS, DocumentQuerySet, DocumentVersionQuerySet, RenderJobQuerySet
from tthc_inspect.history import HistoricalRecords
from tthc_inspect.model_fields import user_link
from tthc_inspect.states import StateField, StateMachineMixin, transition
from tthc_inspect.text import NFCTextMixin
from units.scoping import Scope


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
    scope = Scope(team="plan", agency="visit__agency", liaison_also=Q(kind__in=AGENCY_KINDS))

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

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("văn bản"))
    version = models.PositiveIntegerField(_("phiên bản"))
    status = StateField(_("trạng thái"), max_length=5, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(_("ngày văn bản"))
    deadline = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    narrative = models.JSONField(
        _("lời văn"),
        default=dict,
        blank=True,
        help_text=_(
            "Phần lời văn Trưởng đoàn đã sửa trên dự thảo (đánh giá, nguyên nhân, kiến nghị; kết luận, yêu cầu)."
        ),
    )
    file = models.FileField(_("tệp PDF chính thức"), max_length=200, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finalized_by = user_link(_("người hoàn thiện"), blank=True)
    finalized_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    # Electronic issue (reports/signing): the code printed with the QR in the footer of page 1, and the
    # file signed with the province's token software once uploaded (then the issued copy; ``file`` stays).
    verification_code = models.CharField(
        _("mã xác thực"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    signed_file = models.FileField(_("tệp đã ký số"), max_length=200, blank=True, editable=False)
    signed_sha256 = models.CharField(_("SHA-256 tệp đã ký"), max_length=64, blank=True, editable=False)
    signed_size = models.PositiveBigIntegerField(_("dung lượng tệp đã ký"), null=True, blank=True, editable=False)
    signed_at = models.DateTimeField(_("tải lên bản đã ký lúc"), null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()
    objects = DocumentVersionQuerySet.as_manager()
    scope = Scope(
        team="document__plan",
        agency="document__visit__agency",
        liaison_also=Q(document__kind__in=AGENCY_KINDS, status=Status.FINAL),
    )

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

    @property
    def issued_file(self):
        """The copy that counts: the signed file once uploaded, else the frozen PDF offered for signing."""
        return self.signed_file or self.file


class Signature(models.Model):
    """One digital signature found in an uploaded signed file, as validated when it was accepted."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="signatures")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    field_name = models.CharField(_("ô chữ ký"), max_length=100)
    signer_name = models.CharField(_("người ký"), max_length=255)
    subject = models.CharField(_("chủ thể chứng thư"), max_length=500)
    issuer = models.CharField(_("tổ chức cấp chứng thư"), max_length=500)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=100)
    signing_time = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    intact = models.BooleanField(_("toàn vẹn"))
    trusted = models.BooleanField(_("chứng thư tin cậy"), null=True)
    trust_note = models.CharField(_("tình trạng chứng thư"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chữ ký số")
        verbose_name_plural = _("chữ ký số")
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="signature_unique_position")]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.field_name})"


class RegisterCounter(models.Model):
    """Sổ đăng ký văn bản đi: the last number given, per issuing body, type code and year (restarts each year)."""

    issuer = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+")
    body_code = models.CharField(_("mã cơ quan ban hành"), max_length=20)
    type_code = models.CharField(_("mã loại văn bản"), max_length=10)
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "body_code", "type_code", "year"], name="registercounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.type_code}-{self.body_code} {self.year}: {self.last}"


class RegisterEntry(models.Model):
    """One line of the outgoing register: a number given to one final version (never twice in a year)."""

    counter = models.ForeignKey(RegisterCounter, on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField(_("số"))
    version = models.OneToOneField(DocumentVersion, on_delete=models.PROTECT, related_name="register_entry")
    registered_at = models.DateTimeField(_("vào sổ lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản trong sổ đăng ký")
        verbose_name_plural = _("văn bản trong sổ đăng ký")
        constraints = [models.UniqueConstraint(fields=["counter", "number"], name="registerentry_unique_number")]

    def __str__(self) -> str:
        return f"{self.number:02d} ({self.counter})"


def new_token() -> str:
    return uuid.uuid4().hex


class FileJob(StateMachineMixin, models.Model):
    """A request for a file built by a Celery job; the row, not the broker, is the source of truth.

    Its status moves only by compare-and-set UPDATEs (reports.services for render jobs,
    reports.job_rows for the others): concurrent workers must not overwrite each other, so there is
    no transition method. Each kind adds what it is about and where its file goes (``storage_name``).
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

    token = models.CharField(max_length=32, default=new_token, unique=True, editable=False, verbose_name=_("mã"))
    status = StateField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    requested_by = user_link(_("người yêu cầu"))
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    file = models.FileField(_("tệp kết quả"), max_length=200, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    storage = ""  # where the output goes, from the job's token: a re-run overwrites, never duplicates

    @property
    def storage_name(self) -> str:
        return self.storage.format(job=self)


class RenderJob(FileJob):
    """One request to render a document version (PDF, DOCX, XLSX)."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("phiên bản văn bản")
    )
    format = models.CharField(_("định dạng"), max_length=4, choices=FileJob.Format.choices, default=FileJob.Format.PDF)
    final = models.BooleanField(_("bản chính thức"), default=False)
    enqueued_at = models.DateTimeField(_("gửi hàng đợi lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("cập nhật tiến độ lúc"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)

    objects = RenderJobQuerySet.as_manager()
    scope = Scope(team="version__document__plan")  # liaisons never see jobs

    class Meta:
        verbose_name = _("tác vụ tạo văn bản")
        verbose_name_plural = _("tác vụ tạo văn bản")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="renderjob_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} #{self.pk} ({self.status})"

    storage = "reports/{job.token:.2}/{job.token}.{job.format}"


class PlanExport(FileJob):
    """One request for a plan's whole package (ZIP: documents, evidence, data, manifest)."""

    plan = models.ForeignKey(
        "inspections.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="exports"
    )
    files = models.PositiveIntegerField(_("số tệp"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hồ sơ kế hoạch (ZIP)")
        verbose_name_plural = _("hồ sơ kế hoạch (ZIP)")

    storage = "exports/{job.token:.2}/{job.token}.zip"


class PeriodicReport(FileJob):
    """One request for the periodic report upward (quarter, half-year, year) as PDF (Báo cáo, NĐ 30) or XLSX.

    It belongs to no plan, so it is its own kind of job (reports.periodic.services).
    """

    period = models.CharField(_("kỳ báo cáo"), max_length=8, help_text=_("2020, 2020-H2 hoặc 2020-Q3"))
    format = models.CharField(_("định dạng"), max_length=4, choices=FileJob.Format.choices, default=FileJob.Format.PDF)
    issuer = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan báo cáo"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("ngày báo cáo"))
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")

    def __str__(self) -> str:
        return f"{self.period} {self.format} #{self.pk} ({self.status})"

    storage = "reports/periodic/{job.token}.{job.format}"


class ElectronicCopy(models.Model):
    """ "Sao y điện tử": a copy of an issued version with the copy stamp and a field for the copying agency."""

    class Form(models.TextChoices):
        COPY = "SY", _("Sao y")
        REPRINT = "SL", _("Sao lục")
        EXTRACT = "TrS", _("Trích sao")

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="copies")
    form = models.CharField(_("hình thức sao"), max_length=3, choices=Form.choices, default=Form.COPY)
    agency_name = models.CharField(_("cơ quan sao"), max_length=255)
    copied_at = models.DateTimeField(_("thời gian sao"))
    file = models.FileField(_("tệp bản sao"), max_length=200, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("bản sao điện tử")
        verbose_name_plural = _("bản sao điện tử")

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.version} ({self.copied_at:%d/%m/%Y})"


class ArchivePackage(FileJob):
    """'Lập hồ sơ lưu trữ': the ZIP of a closed plan's file (reports/archive), built by a Celery job."""

    plan = models.ForeignKey("inspections.Plan", on_delete=models.CASCADE, related_name="archive_packages")
    files = models.PositiveIntegerField(_("số tệp"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hồ sơ lưu trữ")
        verbose_name_plural = _("hồ sơ lưu trữ")

    storage = "reports/archive/{job.token}.zip"


def feed_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret iCalendar address: whoever holds it reads the visits that user sees (reset to revoke)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=feed_token, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lịch iCalendar riêng")
        verbose_name_plural = _("lịch iCalendar riêng")

    def __str__(self) -> str:
        return f"{self.user_id}"


class DashboardPrint(FileJob):
    """One "Tải báo cáo tổng hợp": the dashboard overview (figures, charts, tables) as PDF, for a filter and a day.

    The figures are read as the requesting user sees them, through the same selectors as the page
    (reports.dashboards.printing), so screen and paper agree.
    """

    query = models.CharField(_("bộ lọc"), max_length=500, blank=True)
    today = models.DateField(_("tính đến ngày"))
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"{self.query or '-'} #{self.pk} ({self.status})"

    storage = "reports/dashboards/{job.token}.pdf"
