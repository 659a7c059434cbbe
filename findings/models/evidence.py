"""Evidence files: photos and PDFs, stored privately with derivatives made at upload."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from findings.querysets import RECORDED_AT_VISIT, VisitChildQuerySet
from tthc_inspect.history import HistoricalRecords
from tthc_inspect.model_fields import user_link
from tthc_inspect.text import NFCTextMixin


def new_storage_key() -> str:
    return uuid.uuid4().hex


def _path(instance, suffix: str) -> str:
    # Uploaded names are never used as paths; files get a random name under the visit.
    return f"evidence/{instance.visit_id}/{instance.storage_key}{suffix}"


def original_path(instance, filename):
    return _path(instance, f".{instance.extension}")


def print_path(instance, filename):
    return _path(instance, "-print.jpg")


def thumb_path(instance, filename):
    return _path(instance, "-thumb.jpg")


class Evidence(NFCTextMixin, models.Model):
    """A photo or PDF with caption, capture time, uploader and SHA-256; linkable to several findings."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Ảnh")
        PDF = "pdf", _("Tài liệu PDF")

    visit = models.ForeignKey(
        "inspections.Visit", on_delete=models.CASCADE, related_name="evidence", verbose_name=_("cuộc kiểm tra")
    )
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices)
    storage_key = models.CharField(
        max_length=32, default=new_storage_key, editable=False, verbose_name=_("khóa lưu trữ")
    )
    extension = models.CharField(max_length=5, editable=False, verbose_name=_("phần mở rộng"))
    original = models.FileField(_("tệp gốc"), upload_to=original_path, max_length=200)
    print_image = models.FileField(
        upload_to=print_path, max_length=200, blank=True, editable=False, verbose_name=_("ảnh in")
    )
    thumbnail = models.FileField(
        upload_to=thumb_path, max_length=200, blank=True, editable=False, verbose_name=_("ảnh nhỏ")
    )
    caption = models.CharField(_("chú thích"), max_length=500)
    captured_at = models.DateTimeField(_("thời điểm chụp"), null=True, blank=True)
    uploaded_by = user_link(_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False, verbose_name=_("chiều rộng"))
    height = models.PositiveIntegerField(null=True, blank=True, editable=False, verbose_name=_("chiều cao"))
    original_name = models.CharField(_("tên tệp khi tải lên"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = VisitChildQuerySet.as_manager()
    scope = RECORDED_AT_VISIT

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.caption
