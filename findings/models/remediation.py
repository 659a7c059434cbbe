"""Remediation: each limitation in a conclusion becomes an action the agency must close.

open → reported (the agency says what it did, with evidence) → verified (closed) or
returned (back to the agency). Deadlines can be extended on request; reminders are
sent once each, guarded by a ``ReminderSent`` row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tthc_inspect.history import HistoricalRecords
from tthc_inspect.model_fields import one_per, user_link
from tthc_inspect.states import StateField, StateMachineMixin, state_step
from tthc_inspect.text import NFCTextMixin
from tthc_inspect.validation import LoadedRelationsMixin
from units.scoping import Scope, ScopedQuerySet


class RemediationQuerySet(ScopedQuerySet):
    def awaiting_agency(self):
        """Open or returned: the agency still has to act (a reported action waits for the team)."""
        return self.filter(status__in=RemediationAction.AGENCY_STATES)

    def overdue(self, today):
        return self.awaiting_agency().filter(deadline__lt=today)


class RemediationAction(StateMachineMixin, NFCTextMixin, LoadedRelationsMixin, models.Model):
    """A remediation action (biện pháp khắc phục) demanded of an agency by a conclusion.

    Its status moves only through findings/remediation/services.py (report, verify, return).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Đang khắc phục")
        REPORTED = "reported", _("Đã báo cáo khắc phục")
        VERIFIED = "verified", _("Đã xác minh, đóng")
        RETURNED = "returned", _("Trả lại, khắc phục tiếp")

    STATUS_TONES = {Status.REPORTED: "primary", Status.VERIFIED: "success", Status.RETURNED: "warning"}

    visit = models.ForeignKey(
        "inspections.Visit", verbose_name=_("cuộc kiểm tra"), on_delete=models.PROTECT, related_name="actions"
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="actions"
    )
    finding = models.OneToOneField(
        "findings.Finding",
        verbose_name=_("hạn chế"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action",
    )
    description = models.TextField(_("hạn chế cần khắc phục"))
    measure = models.TextField(_("biện pháp yêu cầu"))
    deadline = models.DateField(_("thời hạn"))
    status = StateField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    report_text = models.TextField(_("kết quả khắc phục đã thực hiện"), blank=True)
    report_evidence = models.ManyToManyField(
        "findings.Evidence", verbose_name=_("minh chứng khắc phục"), blank=True, related_name="remediation_reports"
    )
    reported_by = user_link(_("người báo cáo"), blank=True)
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    reviewed_by = user_link(_("người xác minh"), blank=True)
    reviewed_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến xác minh"), blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("lần sửa"))

    history = HistoricalRecords(m2m_fields=[report_evidence])
    objects = RemediationQuerySet.as_manager()
    # The liaison of the action's own agency sees it, whatever the visit's status.
    scope = Scope(team="visit__plan", agency="agency")
    AGENCY_STATES = (Status.OPEN, Status.RETURNED)

    class Meta:
        verbose_name = _("biện pháp khắc phục")
        verbose_name_plural = _("biện pháp khắc phục")
        indexes = [
            models.Index(fields=["status", "deadline"], name="action_status_deadline"),
            models.Index(fields=["agency", "status"], name="action_agency_status"),
            # The action lists' order: the first page is read from here instead of sorting every action.
            models.Index(fields=["deadline", "id"], name="action_deadline_id"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}: {self.description[:60]}"

    def is_overdue(self, today) -> bool:
        return self.status in self.AGENCY_STATES and self.deadline < today

    # Transitions: called only by findings.remediation.services.
    report = state_step(status, [Status.OPEN, Status.RETURNED], Status.REPORTED, "report")
    verify = state_step(status, Status.REPORTED, Status.VERIFIED, "verify")
    send_back = state_step(status, Status.REPORTED, Status.RETURNED, "send_back")


class DeadlineExtension(StateMachineMixin, NFCTextMixin, models.Model):
    """An agency's request to move a deadline, granted or refused by the office (or refused by the
    action's verification), through findings/remediation/services.py."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        GRANTED = "granted", _("Đồng ý")
        REFUSED = "refused", _("Không đồng ý")

    STATUS_TONES = {Status.GRANTED: "success", Status.REFUSED: "warning"}

    action = models.ForeignKey(
        RemediationAction, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("biện pháp khắc phục")
    )
    requested_deadline = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    requested_by = user_link(_("người đề nghị"))
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    status = StateField(_("kết quả"), max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = user_link(_("người quyết định"), blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        constraints = [
            one_per(
                "action",
                where=Q(status="pending"),
                name="extension_one_pending_per_action",
                message=_("Đã có một đề nghị gia hạn đang chờ xem xét."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} → {self.requested_deadline:%d/%m/%Y}"

    # Transitions: called only by findings.remediation.services.
    grant = state_step(status, Status.PENDING, Status.GRANTED, "grant")
    refuse = state_step(status, Status.PENDING, Status.REFUSED, "refuse")


class ReminderSent(models.Model):
    """The guard that makes each reminder go out once, however often beat fires."""

    action = models.ForeignKey(RemediationAction, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "due-30", "due-7", "due-1", "overdue-w0", "overdue-w1", …
    deadline = models.DateField()  # the deadline the reminder was about: an extension starts a new series
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        constraints = [models.UniqueConstraint(fields=["action", "deadline", "kind"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind}"
