"""Versioned checklist templates: sections (content areas) and items.

A template used by a plan that is no longer a draft is frozen: revising it creates a
new version (``checklists.services.checklist_revise``), and each visit keeps the
version it started with. Which plans and visits use a template is known above this
app (``inspections.selectors.checklist_is_frozen``).

The tables keep the names they had when these models lived in ``findings``
(``findings_checklist*``): the result tallies' triggers name them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tthc_inspect.text import NFCTextMixin
from units.models import Level
from units.scoping import Scope, ScopedQuerySet


class ChecklistTemplateQuerySet(ScopedQuerySet):
    pass


class ChecklistTemplate(NFCTextMixin, models.Model):
    """One version of a checklist (nội dung kiểm tra)."""

    code = models.SlugField(_("mã"), max_length=60)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    valid_from = models.DateField(
        _("áp dụng cho kế hoạch từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ấn bản mặc định: dùng cho kế hoạch ban hành từ ngày này (đến ấn bản kế tiếp)."),
    )
    legal_bases = models.TextField(
        _("căn cứ pháp lý"),
        blank=True,
        help_text=_("Mỗi dòng một văn bản; kế hoạch dùng mẫu này lấy làm dự thảo căn cứ kiểm tra."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ChecklistTemplateQuerySet.as_manager()
    scope = Scope(public=True)  # templates are not confidential: every signed-in user may read them

    class Meta:
        db_table = "findings_checklisttemplate"
        verbose_name = _("mẫu nội dung kiểm tra")
        verbose_name_plural = _("mẫu nội dung kiểm tra")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]


class ChecklistSection(NFCTextMixin, models.Model):
    """A content area, e.g. "C. Công khai TTHC"."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="sections", verbose_name=_("mẫu nội dung kiểm tra")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("ký hiệu"), max_length=10)
    title = models.CharField(_("nội dung"), max_length=300)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        db_table = "findings_checklistsection"
        verbose_name = _("nhóm nội dung")
        verbose_name_plural = _("nhóm nội dung")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="checklist_section_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ChecklistItem(NFCTextMixin, models.Model):
    """One thing to check, with guidance, legal basis and the agency levels it applies to."""

    section = models.ForeignKey(
        ChecklistSection, on_delete=models.CASCADE, related_name="items", verbose_name=_("nhóm nội dung")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("ký hiệu"), max_length=12)
    text = models.TextField(_("nội dung kiểm tra"))
    guidance = models.TextField(_("hướng dẫn"), blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    applies_province = models.BooleanField(_("áp dụng cấp tỉnh"), default=True)
    applies_district = models.BooleanField(_("áp dụng cấp huyện"), default=True)
    applies_commune = models.BooleanField(_("áp dụng cấp xã"), default=True)

    class Meta:
        db_table = "findings_checklistitem"
        verbose_name = _("tiêu chí kiểm tra")
        verbose_name_plural = _("tiêu chí kiểm tra")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="checklist_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def applies_to(self, level: str) -> bool:
        return {
            Level.PROVINCE: self.applies_province,
            Level.DISTRICT: self.applies_district,
            Level.COMMUNE: self.applies_commune,
        }.get(level, True)

    @property
    def levels(self) -> list[str]:
        return [
            str(level.value)
            for level, applies in (
                (Level.PROVINCE, self.applies_province),
                (Level.DISTRICT, self.applies_district),
                (Level.COMMUNE, self.applies_commune),
            )
            if applies
        ]
