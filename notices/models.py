"""Notifications: one row per recipient and event, the row also the outbox of its e-mail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Every workflow event that notifies someone (the user may turn the e-mail of each kind off)."""

    VISIT_SUBMITTED = "visit_submitted", _("Đoàn nộp kết quả kiểm tra")
    VISIT_RETURNED = "visit_returned", _("Kết quả kiểm tra bị trả lại")
    VISIT_CLOSED = "visit_closed", _("Cuộc kiểm tra kết thúc")
    DOCUMENT_READY = "document_ready", _("Văn bản đã tạo xong")
    CONCLUSION_ISSUED = "conclusion_issued", _("Kết luận kiểm tra được ban hành")
    ACTION_DUE = "action_due", _("Sắp đến hạn khắc phục")
    ACTION_OVERDUE = "action_overdue", _("Quá hạn khắc phục")
    ACTION_REPORTED = "action_reported", _("Đơn vị báo cáo khắc phục")
    ACTION_REVIEWED = "action_reviewed", _("Báo cáo khắc phục được xác minh hoặc trả lại")
    EXTENSION_REQUESTED = "extension_requested", _("Đơn vị đề nghị gia hạn")
    EXTENSION_DECIDED = "extension_decided", _("Quyết định về đề nghị gia hạn")


class Notification(models.Model):
    """A notice for one user, with the link to the object; its e-mail goes out once (``email_status``)."""

    class Email(models.TextChoices):
        NONE = "none", _("không gửi")  # no address, or the user turned this kind off
        PENDING = "pending", _("chờ gửi")
        SENDING = "sending", _("đang gửi")
        SENT = "sent", _("đã gửi")
        FAILED = "failed", _("gửi lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    message = models.CharField(_("nội dung"), max_length=500)
    detail = models.TextField(_("chi tiết"), blank=True)  # e.g. the head's comment on a returned visit
    url = models.CharField(_("liên kết"), max_length=300, blank=True)  # a path of this site
    # The event's identity for this user (e.g. "render-job:12"): a duplicate emit writes nothing.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_status = models.CharField(_("e-mail"), max_length=10, choices=Email.choices, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("gửi e-mail lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notice_user_unread"),
            models.Index(fields=["email_status", "email_claimed_at"], name="notice_email_outbox"),
        ]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notice_once")]

    def __str__(self) -> str:
        return self.message[:80]


class EmailPreference(models.Model):
    """A user's choice for one kind; without a row the e-mail is on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    email = models.BooleanField(_("gửi e-mail"), default=True)

    class Meta:
        verbose_name = _("lựa chọn nhận e-mail")
        verbose_name_plural = _("lựa chọn nhận e-mail")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.email}"
