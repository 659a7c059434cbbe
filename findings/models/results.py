"""Per-visit results, findings, the agency's explanations and the minutes (Biên bản) data."""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Expression, ExpressionWrapper, FloatField, Q, Value
from django.db.models.functions import Cast, NullIf
from django.utils.translation import gettext_lazy as _

from findings.querysets import RECORDED_AT_VISIT, FindingQuerySet, ItemResultQuerySet, VisitChildQuerySet, recorded_at
from tthc_inspect.history import HistoricalRecords
from tthc_inspect.model_fields import ends_after_start, user_link
from tthc_inspect.text import NFCTextMixin
from tthc_inspect.validation import LoadedRelationsMixin


class Result(models.TextChoices):
    PASS = "pass", _("Đạt")
    PARTIAL = "partial", _("Đạt một phần")
    FAIL = "fail", _("Chưa đạt")
    NOT_APPLICABLE = "na", _("Không áp dụng")


# Weights of the compliance rate; "Không áp dụng" and unassessed items are left out.
RESULT_WEIGHTS = {Result.PASS: 1.0, Result.PARTIAL: 0.5, Result.FAIL: 0.0}


def compliance_rate(passed: int, partial: int, failed: int) -> float | None:
    """The compliance rate, 0–100, from result counts; None when nothing was assessed.

    The one definition: the dashboards' SQL (``compliance_rate_sql``), the visit tallies' triggers
    (migration 0006, pinned equal by ``findings/tests/test_compliance_rate.py``) and every page or
    document compute this very float (integer-valued weighted sums, then one division).
    """
    assessed = passed + partial + failed
    if not assessed:
        return None
    counts = {Result.PASS: passed, Result.PARTIAL: partial, Result.FAIL: failed}
    return sum(n * RESULT_WEIGHTS[result] * 100 for result, n in counts.items()) / assessed


def compliance_rate_sql(passed: Expression, partial: Expression, failed: Expression) -> Expression:
    """``compliance_rate`` in SQL from count expressions (e.g. sums of tallies), NULL when nothing was assessed.

    In binary floating point (PostgreSQL's double precision, SQLite's REAL), not PostgreSQL's
    decimal numeric, so the database returns the float Python computes from the same counts.
    """
    counts = {Result.PASS: passed, Result.PARTIAL: partial, Result.FAIL: failed}
    weighted = reduce(
        operator.add,
        (Cast(n, FloatField()) * Value(RESULT_WEIGHTS[result] * 100) for result, n in counts.items()),
    )
    return ExpressionWrapper(weighted / NullIf(passed + partial + failed, Value(0)), output_field=FloatField())


class Progress(models.TextChoices):
    TODO = "todo", _("Chưa làm")
    DOING = "doing", _("Đang làm")
    DONE = "done", _("Xong")


class ItemResult(NFCTextMixin, models.Model):
    """The result of one checklist item at one visit, kept apart from the work progress."""

    visit = models.ForeignKey(
        "inspections.Visit", on_delete=models.CASCADE, related_name="item_results", verbose_name=_("cuộc kiểm tra")
    )
    item = models.ForeignKey(
        "checklists.ChecklistItem", on_delete=models.PROTECT, related_name="results", verbose_name=_("tiêu chí")
    )
    result = models.CharField(_("kết quả"), max_length=8, choices=Result.choices, blank=True)
    progress = models.CharField(_("tiến độ"), max_length=6, choices=Progress.choices, default=Progress.TODO)
    progress_by = user_link(_("người thực hiện"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("lần sửa"))
    updated_by = user_link(_("người cập nhật"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = ItemResultQuerySet.as_manager()
    scope = RECORDED_AT_VISIT

    class Meta:
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="itemresult_once_per_visit_item")]
        indexes = [models.Index(fields=["visit", "result"], name="itemresult_visit_result")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_result_display() or '—'}"


class Severity(models.TextChoices):
    LOW = "low", _("Nhẹ")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Nghiêm trọng")


class Finding(NFCTextMixin, LoadedRelationsMixin, models.Model):
    """A strength (kết quả nổi bật) or limitation (hạn chế, tồn tại), on an item or the whole visit."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Kết quả nổi bật")
        LIMITATION = "limitation", _("Hạn chế, tồn tại")

    visit = models.ForeignKey(
        "inspections.Visit", on_delete=models.CASCADE, related_name="findings", verbose_name=_("cuộc kiểm tra")
    )
    item = models.ForeignKey(
        "checklists.ChecklistItem",
        verbose_name=_("tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        help_text=_("Để trống nếu là nhận xét chung về cả đơn vị."),
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("nội dung"))
    cause = models.TextField(_("nguyên nhân"), blank=True)
    recommendation = models.TextField(_("kiến nghị"), blank=True)
    severity = models.CharField(_("mức độ"), max_length=6, choices=Severity.choices, blank=True)
    evidence = models.ManyToManyField(
        "findings.Evidence", verbose_name=_("minh chứng"), blank=True, related_name="findings"
    )
    earlier_finding = models.ForeignKey(
        "self",
        verbose_name=_("hạn chế ở lần kiểm tra trước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_findings",
    )
    revision = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("lần sửa"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[evidence])
    objects = FindingQuerySet.as_manager()
    scope = RECORDED_AT_VISIT

    class Meta:
        verbose_name = _("phát hiện")
        verbose_name_plural = _("phát hiện")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="strength", severity="") | Q(kind="limitation") & ~Q(severity=""),
                name="finding_severity_only_for_limitations",
                violation_error_message=_("Hạn chế phải có mức độ; kết quả nổi bật không có mức độ."),
            ),
        ]
        indexes = [models.Index(fields=["visit", "kind"], name="finding_visit_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:80]}"


class Explanation(NFCTextMixin, LoadedRelationsMixin, models.Model):
    """The inspected agency's explanation (giải trình) of a finding, kept apart from the team's text."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="explanations", verbose_name=_("phát hiện")
    )
    text = models.TextField(_("nội dung giải trình"))
    author = user_link(_("người giải trình"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    history = HistoricalRecords()
    objects = VisitChildQuerySet.as_manager()
    scope = recorded_at("finding__visit")

    class Meta:
        verbose_name = _("giải trình")
        verbose_name_plural = _("giải trình")

    def __str__(self) -> str:
        return self.text[:80]


class VisitMinutes(NFCTextMixin, LoadedRelationsMixin, models.Model):
    """What the Biên bản kiểm tra records (Nghị định 30/2020, Mẫu 1.9 shape)."""

    visit = models.OneToOneField(
        "inspections.Visit", on_delete=models.CASCADE, related_name="minutes", verbose_name=_("cuộc kiểm tra")
    )
    started_at = models.DateTimeField(_("thời gian bắt đầu"), null=True, blank=True)
    ended_at = models.DateTimeField(_("thời gian kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    team_participants = models.TextField(_("thành phần đoàn kiểm tra"), blank=True)
    agency_participants = models.TextField(_("thành phần cơ quan được kiểm tra"), blank=True)
    chair = models.CharField(_("chủ trì"), max_length=200, blank=True)
    secretary = models.CharField(_("thư ký (người ghi biên bản)"), max_length=200, blank=True)
    summary = models.TextField(_("nội dung"), blank=True)
    agency_signer_name = models.CharField(_("người ký phía đơn vị"), max_length=120, blank=True)
    agency_signer_position = models.CharField(_("chức vụ người ký phía đơn vị"), max_length=160, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("lần sửa"))

    history = HistoricalRecords()
    objects = VisitChildQuerySet.as_manager()
    scope = RECORDED_AT_VISIT

    class Meta:
        verbose_name = _("biên bản kiểm tra")
        verbose_name_plural = _("biên bản kiểm tra")
        constraints = [
            ends_after_start(
                "started_at",
                "ended_at",
                name="minutes_time_ordered",
                message=_("Thời gian kết thúc phải sau thời gian bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"Biên bản: {self.visit}"
