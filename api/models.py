"""Personal API tokens: created and revoked by their owner on the tokens page, stored hashed.

The key (``tthc_`` + 43 random characters) is shown once, when created; the database keeps its
SHA-256 and the first characters after the prefix, so the owner can tell tokens apart.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tthc_inspect.history import HistoricalRecords

KEY_PREFIX = "tthc_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Neither revoked nor expired, and owned by an active account."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """A user's personal API token: read, or read and write, until it expires or is revoked."""

    class Scope(models.TextChoices):
        READ = "read", _("Chỉ đọc")
        WRITE = "write", _("Đọc và ghi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=80)
    scope = models.CharField(_("phạm vi"), max_length=5, choices=Scope.choices, default=Scope.READ)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("bắt đầu bằng"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
