"""Plans (Kế hoạch kiểm tra), decisions forming teams (Quyết định thành lập Đoàn) and visits."""

import uuid

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from inspections.querysets import DecisionQuerySet, PlanQuerySet, VisitQuerySet
from inspections.validators import validate_document_number
from tthc_inspect.history import HistoricalRecords
from tthc_inspect.model_fields import ends_after_start, one_per
from tthc_inspect.states import StateField, StateMachineMixin, state_step, transition
from tthc_inspect.text import NFCTextMixin, fold
from units.models import Agency, Official
from units.scoping import Scope


def plan_scan_path(instance, filename: str) -> str:
    # The user's filename is never used as a path.
    return f"plans/{instance.issued_on:%Y}/{uuid.uuid4().hex}.pdf"


class Plan(StateMachineMixin, NFCTextMixin, models.Model):
    """Kế hoạch kiểm tra công tác kiểm soát TTHC, e.g. 1978/KH-UBND of 04/06/2020.

    draft → issued → in progress → completed, each step by inspections.services (plan_issue,
    plan_start, plan_complete); the status is never a form field.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        IN_PROGRESS = "in_progress", _("Đang kiểm tra")
        COMPLETED = "completed", _("Hoàn thành")

    STATUS_TONES = {Status.ISSUED: "primary", Status.IN_PROGRESS: "primary", Status.COMPLETED: "success"}

    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 1978/KH-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.ForeignKey(Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm kiểm tra"))
    title = models.CharField(_("trích yếu"), max_length=300)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    content_areas = models.TextField(_("nội dung kiểm tra"), blank=True, help_text=_("Mỗi dòng một nội dung."))
    period_start = models.DateField(_("kiểm tra từ ngày"))
    period_end = models.DateField(_("kiểm tra đến ngày"))
    is_ad_hoc = models.BooleanField(_("kiểm tra đột xuất"), default=False)
    status = StateField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    signed_scan = models.FileField(_("bản ký (PDF)"), upload_to=plan_scan_path, blank=True)
    checklist = models.ForeignKey(
        "checklists.ChecklistTemplate",
        verbose_name=_("mẫu nội dung kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("Để trống: dùng ấn bản mặc định áp dụng vào ngày ban hành kế hoạch."),
    )
    legal_bases = models.TextField(
        _("căn cứ kiểm tra"),
        blank=True,
        help_text=_(
            "Mỗi dòng một căn cứ, in ở Báo cáo và Thông báo. Để trống: dự thảo từ mẫu nội dung kiểm tra, "
            "kế hoạch và quyết định thành lập đoàn."
        ),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = PlanQuerySet.as_manager()
    scope = Scope(team="pk", agency="visits__agency")

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        constraints = [
            models.UniqueConstraint(
                F("issuer"),
                ExtractYear("issued_on"),
                F("number"),
                name="plan_number_unique_per_issuer_year",
                violation_error_message=_("Cơ quan này đã có kế hoạch mang số, ký hiệu này trong năm."),
            ),
            ends_after_start(
                "period_start",
                "period_end",
                name="plan_period_ordered",
                message=_("Ngày kết thúc kiểm tra phải sau hoặc trùng ngày bắt đầu."),
                optional=False,
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="plan_year_status")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.number or "", self.title or "", self.content_areas or ""]))
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.number:
            try:
                validate_document_number(self.number, type_code="KH")
            except ValidationError as exc:
                errors["number"] = exc.messages
        if self.issued_on and self.period_start and self.period_start < self.issued_on:
            errors["period_start"] = [_("Thời gian kiểm tra không thể bắt đầu trước ngày ban hành kế hoạch.")]
        if self.year and self.issued_on and abs(self.year - self.issued_on.year) > 1:
            errors["year"] = [_("Năm kiểm tra phải gần với năm ban hành kế hoạch.")]
        if errors:
            raise ValidationError(errors)

    # Transitions: called only by inspections.services, which check who and the rest of the rule.
    issue = state_step(status, Status.DRAFT, Status.ISSUED, "issue")
    start = state_step(status, Status.ISSUED, Status.IN_PROGRESS, "start")
    complete = state_step(status, Status.IN_PROGRESS, Status.COMPLETED, "complete")

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    @property
    def content_area_list(self) -> list[str]:
        return [line.strip() for line in self.content_areas.splitlines() if line.strip()]


class Decision(NFCTextMixin, models.Model):
    """Quyết định thành lập Đoàn kiểm tra, e.g. 398/QĐ-UBND of 24/06/2020."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="decisions")
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 398/QĐ-UBND"))
    issued_on = models.DateField(_("ngày ký"))
    title = models.CharField(_("trích yếu"), max_length=300)
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=160)

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()
    scope = Scope(team="plan", agency="plan__visits__agency")

    class Meta:
        verbose_name = _("quyết định thành lập đoàn")
        verbose_name_plural = _("quyết định thành lập đoàn")

    def __str__(self) -> str:
        return self.number

    def clean(self):
        errors = {}
        if self.number:
            try:
                validate_document_number(self.number, type_code="QĐ")
            except ValidationError as exc:
                errors["number"] = exc.messages
        if self.issued_on and self.plan_id and self.issued_on < self.plan.issued_on:
            errors["issued_on"] = [
                _("Ngày quyết định không thể trước ngày ban hành kế hoạch (%(date)s).")
                % {"date": self.plan.issued_on.strftime("%d/%m/%Y")}
            ]
        if errors:
            raise ValidationError(errors)


class TeamMember(models.Model):
    """A person appointed to the team by a decision, with a role and a home agency."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó Trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="members"
    )
    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="team_roles"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    home_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan công tác"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "official"],
                name="teammember_once_per_decision",
                violation_error_message=_("Một người chỉ được cử vào đoàn một lần."),
            ),
            one_per(
                "decision", where=Q(role="head"), name="teammember_one_head", message=_("Đoàn chỉ có một Trưởng đoàn.")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.official.full_name}"


class Visit(StateMachineMixin, NFCTextMixin, models.Model):
    """One inspected agency within a plan: schedule, what was seen on the ground, status.

    scheduled → in progress → submitted → (returned to in progress | closed), each step by the
    workflow services of findings/services.py; the status is never a form field, and the
    inspected agency (and plan) are fixed once the visit has started.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        IN_PROGRESS = "in_progress", _("Đang kiểm tra")
        SUBMITTED = "submitted", _("Đã nộp kết quả")
        CLOSED = "closed", _("Đã kết thúc")

    STATUS_TONES = {Status.IN_PROGRESS: "primary", Status.SUBMITTED: "primary", Status.CLOSED: "success"}

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="visits")
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan được kiểm tra"), on_delete=models.PROTECT, related_name="visits"
    )
    planned_start = models.DateField(_("dự kiến từ ngày"))
    planned_end = models.DateField(_("dự kiến đến ngày"))
    actual_start = models.DateField(_("thực tế từ ngày"), null=True, blank=True)
    actual_end = models.DateField(_("thực tế đến ngày"), null=True, blank=True)
    units_seen = models.ManyToManyField(
        Agency,
        verbose_name=_("đơn vị trực thuộc, bộ phận một cửa kiểm tra thực tế"),
        blank=True,
        related_name="visits_on_ground",
    )
    people_met = models.ManyToManyField(
        Official, verbose_name=_("cán bộ làm việc với đoàn"), blank=True, related_name="visits_met"
    )
    people_notes = models.TextField(_("ghi chú về thành phần làm việc"), blank=True)
    status = StateField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    checklist = models.ForeignKey(
        "checklists.ChecklistTemplate",
        verbose_name=_("mẫu nội dung kiểm tra đã dùng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        editable=False,
    )
    review_comment = models.TextField(_("ý kiến của Trưởng đoàn"), blank=True)
    conclusion_issued_on = models.DateField(
        _("ngày ban hành kết luận"),
        null=True,
        blank=True,
        help_text=_("Ngày Thông báo kết luận kiểm tra; các hạn chế trở thành biện pháp khắc phục từ ngày này."),
    )
    remediation_deadline = models.DateField(
        _("hạn báo cáo khắc phục"),
        null=True,
        blank=True,
        help_text=_("Một hạn duy nhất: Thông báo kết luận in hạn này và các biện pháp khắc phục theo dõi hạn này."),
    )

    history = HistoricalRecords(m2m_fields=[units_seen, people_met])
    objects = VisitQuerySet.as_manager()
    scope = Scope(team="plan", agency="agency")

    class Meta:
        verbose_name = _("cuộc kiểm tra tại đơn vị")
        verbose_name_plural = _("cuộc kiểm tra tại đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "agency"],
                name="visit_once_per_plan_agency",
                violation_error_message=_("Cơ quan này đã có trong lịch kiểm tra của kế hoạch."),
            ),
            ends_after_start(
                "planned_start",
                "planned_end",
                name="visit_planned_ordered",
                message=_("Ngày kết thúc dự kiến phải sau hoặc trùng ngày bắt đầu."),
                optional=False,
            ),
            ends_after_start(
                "actual_start",
                "actual_end",
                name="visit_actual_ordered",
                message=_("Ngày kết thúc thực tế phải sau hoặc trùng ngày bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="visit_plan_status")]

    def __str__(self) -> str:
        return f"{self.agency.name} ({self.plan.number})"

    # Transitions: called only by findings.services (visit_start, visit_submit, visit_return, visit_close).
    start = state_step(status, Status.SCHEDULED, Status.IN_PROGRESS, "start")
    submit = state_step(status, Status.IN_PROGRESS, Status.SUBMITTED, "submit")

    @transition(field=status, source=Status.SUBMITTED, target=Status.IN_PROGRESS)
    def send_back(self, comment: str):
        self.review_comment = comment

    close = state_step(status, Status.SUBMITTED, Status.CLOSED, "close")

    @property
    def has_started(self) -> bool:
        return self.status != self.Status.SCHEDULED

    def clean(self):
        errors = {}
        if self.pk:
            # Who reads a visit's results (the agency's liaison, the plan's team) follows from these two:
            # once recording has begun they stay as they were, whatever form or page sends them.
            stored = Visit.objects.filter(pk=self.pk).values("status", "agency_id", "plan_id").first()
            if stored and stored["status"] != self.Status.SCHEDULED:
                if stored["agency_id"] != self.agency_id:
                    errors["agency"] = [_("Cuộc kiểm tra đã bắt đầu; không đổi được cơ quan được kiểm tra.")]
                if stored["plan_id"] != self.plan_id:
                    errors[NON_FIELD_ERRORS] = [_("Cuộc kiểm tra đã bắt đầu; không chuyển được sang kế hoạch khác.")]
        plan = self.plan if self.plan_id else None
        if plan is not None:
            period = f"{plan.period_start:%d/%m/%Y} – {plan.period_end:%d/%m/%Y}"
            for field in ("planned_start", "planned_end"):
                day = getattr(self, field)
                if day and not (plan.period_start <= day <= plan.period_end):
                    errors[field] = [
                        _("Ngày dự kiến phải nằm trong thời gian kiểm tra của kế hoạch (%(p)s).") % {"p": period}
                    ]
        if errors:
            raise ValidationError(errors)
