"""Territory (administrative areas) and the agencies that are inspected.

An ``AdminArea`` is a piece of territory with an official code; an ``Agency`` is an
organisation that can be inspected. They are kept apart because the 2025 reform
dropped the district level and merged provinces, while 2020 documents must keep
reading "UBND huyện Ngọc Hồi, tỉnh Kon Tum".
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history import register

from tthc_inspect.history import HistoricalRecords
from tthc_inspect.model_fields import ends_after_start
from tthc_inspect.text import NFCTextMixin, fold
from tthc_inspect.validation import LoadedRelationsMixin
from units.scoping import Scope, ScopedQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class ValidityQuerySet(models.QuerySet):
    """Rows with ``valid_from``/``valid_to`` (either may be empty): those in force on a day."""

    def valid_on(self, day: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class AreaQuerySet(ValidityQuerySet):
    def search(self, text: str):
        """Accent-insensitive: "dak pxi", "Đắk Pxi" and "đak pxi" all find "Xã Đăk Pxi"."""
        return self.filter(search_name__contains=fold(text)) if text else self


class AdminArea(NFCTextMixin, models.Model):
    """An administrative area (tỉnh, huyện, xã) of one edition of the official code list."""

    class Edition(models.TextChoices):
        PRE_2025 = "pre2025", _("Trước 01/7/2025 (ba cấp)")
        REFORM_2025 = "2025", _("Từ 01/7/2025 (hai cấp)")

    edition = models.CharField(_("danh mục"), max_length=8, choices=Edition.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.PositiveIntegerField(_("mã"))
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại"), max_length=40)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị kế thừa"), symmetrical=False, blank=True, related_name="predecessors"
    )
    search_name = models.CharField(max_length=120, editable=False, default="", db_index=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["edition", "level", "code"], name="adminarea_unique_code_per_edition"),
        ]
        indexes = [models.Index(fields=["level", "edition"], name="adminarea_level_edition")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def name_in_text(self) -> str:
        """The name as written inside a sentence: "huyện Ngọc Hồi", "tỉnh Kon Tum"."""
        prefix = self.division_type
        if prefix and self.name.lower().startswith(prefix.lower()):
            return prefix.lower() + self.name[len(prefix) :]
        return self.name


class Kind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    OFFICE = "office", _("Văn phòng")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    ONE_STOP_DESK = "desk", _("Bộ phận Tiếp nhận và Trả kết quả")
    SERVICE_CENTRE = "pvhcc", _("Trung tâm Phục vụ hành chính công")
    SUBORDINATE = "subordinate", _("Đơn vị trực thuộc")
    BRANCH = "branch", _("Chi nhánh Trung tâm Phục vụ hành chính công")
    VERTICAL = "vertical", _("Cơ quan ngành dọc (bố trí tại Trung tâm)")


class AgencyQuerySet(ScopedQuerySet, ValidityQuerySet):
    def search(self, text: str):
        return self.filter(search_name__contains=fold(text)) if text else self


class Agency(NFCTextMixin, models.Model):
    """An organisation that inspects or is inspected, in a tree (Sở → Chi cục, UBND huyện → desk).

    A renamed or merged agency is a new row linked by ``successors``; each row's name
    is therefore the name it had while it was valid, which is what documents print.
    """

    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    area = models.ForeignKey(
        AdminArea, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("cơ quan kế thừa"), symmetrical=False, blank=True, related_name="predecessors"
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    objects = AgencyQuerySet.as_manager()
    # Seen by the teams whose plans visit it and by its liaison; forms may also pick the units under those.
    scope = Scope(team="visits__plan", agency="pk", parent="parent")
    history = HistoricalRecords(excluded_fields=["search_name"], m2m_fields=[successors])

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        constraints = [
            ends_after_start(
                "valid_from",
                "valid_to",
                name="agency_valid_range",
                message=_("Ngày kết thúc hoạt động phải sau ngày bắt đầu."),
            ),
        ]
        # Lists ordered by agency name (the findings drill-down) read their first page from it
        # instead of sorting every row of the year: 21 → 1.6 ms at 100,000 findings.
        indexes = [models.Index(fields=["name", "id"], name="agency_name_id")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if getattr(self, "names_as_of", None) is not None:
            raise RuntimeError("An agency read with its name as of a date is for printing, not for saving.")
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        """Inside ``units.names.agency_names_on(day)`` (documents), a row reads with the name it had that day."""
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        from units.names import dated_names_apply

        dated_names_apply(instance)
        return instance

    def full_name(self) -> str:
        """Name with its province as of the agency's own validity: "UBND huyện Ngọc Hồi, tỉnh Kon Tum"."""
        province = self.area
        while province is not None and province.level != Level.PROVINCE:
            province = province.parent
        if province is None or province.name_in_text.lower() in self.name.lower():
            return self.name
        return f"{self.name}, {province.name_in_text}"


class OfficialQuerySet(ScopedQuerySet):
    pass


class AgencyName(NFCTextMixin, models.Model):
    """A name (short name, kind, parent) an agency had until ``valid_to``: documents dated then print it.

    The agency row holds the current name; each rename or re-attachment in the pages keeps the values
    it replaces here (``units.names.agency_name_keep``), so a 2020 document regenerated in 2026 still
    prints the 2020 name.
    """

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        Agency, verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    valid_from = models.DateField(_("dùng từ"), null=True, blank=True)
    valid_to = models.DateField(_("dùng đến"))

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên cũ của cơ quan")
        verbose_name_plural = _("tên cũ của cơ quan")
        indexes = [models.Index(fields=["agency", "valid_to"], name="agencyname_agency_to")]

    def __str__(self) -> str:
        return self.name


class Official(NFCTextMixin, LoadedRelationsMixin, models.Model):
    """A person working for an agency: team member, liaison or focal point."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="officials")
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    is_focal_point = models.BooleanField(
        _("đầu mối kiểm soát TTHC"),
        default=False,
        help_text=_("Công chức làm nhiệm vụ đầu mối kiểm soát thủ tục hành chính của cơ quan."),
    )
    search_name = models.CharField(max_length=120, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["search_name"])
    objects = OfficialQuerySet.as_manager()
    scope = Scope(team="agency__visits__plan", agency="agency", parent="agency__parent")

    class Meta:
        verbose_name = _("cán bộ, công chức")
        verbose_name_plural = _("cán bộ, công chức")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.agency.short_name or self.agency.name})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)


# A user's role is their group membership (units.roles) plus the account flags (active, staff,
# superuser) and any permission granted one by one: all on Django's own User, so its history is
# kept here as units.HistoricalUser. Password hashes and login times stay out of the trail.
register(
    User,
    app="units",
    records_class=HistoricalRecords,
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups", "user_permissions"],
)
