"""The area filter's home: the one province a user's agencies lie in, and that province's areas by level.

A provincial installation's users (office, teams, liaisons) see one province: the filter starts
there and lists its own areas, the 2025 province with the pre-2025 province(s) merged into it,
their former districts and the communes of both editions, grouped by level with the edition in
the group's name. Users whose agencies span several provinces (or none) keep "Cả nước" and the
national list of provinces.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from units.models import AdminArea, Agency, Level

LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


def home_province(user) -> int | None:
    """The 2025-edition province of every agency ``user`` may see, or None when there is not exactly one.

    Three queries (the agencies' areas, their provinces' editions, the 2025 successors); the
    filter caches the answer with its option lists.
    """
    agencies = Agency.objects.visible_to(user).exclude(area=None)
    area_ids = agencies.order_by().values_list("area_id", flat=True).distinct()
    # A province has no parent, a district or 2025 commune has the province, a pre-2025 commune its district.
    rows = AdminArea.objects.filter(pk__in=area_ids).values_list("pk", "parent_id", "parent__parent_id")
    provinces = {grand or parent or pk for pk, parent, grand in rows}
    if not provinces:
        return None
    editions = dict(AdminArea.objects.filter(pk__in=provinces).values_list("pk", "edition"))
    old = {pk for pk, edition in editions.items() if edition == AdminArea.Edition.PRE_2025}
    merged = AdminArea.successors.through.objects.filter(from_adminarea_id__in=old)
    successors = dict(merged.values_list("from_adminarea_id", "to_adminarea_id"))
    current = {successors.get(pk, pk) for pk in provinces}
    return current.pop() if len(current) == 1 else None


def province_areas(province: int):
    """The province, the provinces merged into it, their districts and communes: by level, then edition (2025 first)."""
    merged = AdminArea.successors.through.objects.filter(to_adminarea_id=province).values("from_adminarea_id")
    shown = (
        Q(pk=province)
        | Q(parent_id=province)
        | Q(pk__in=merged)
        | Q(parent_id__in=merged)
        | Q(parent__parent_id__in=merged)
    )
    order = Case(*(When(level=level, then=Value(n)) for level, n in LEVEL_ORDER.items()), output_field=IntegerField())
    return (
        AdminArea.objects.filter(shown)
        .select_related("parent")
        .annotate(level_order=order)
        .order_by("level_order", "edition", "parent__name", "name")  # "2025" sorts before "pre2025"
    )


def group_label(level: str, edition_text: str) -> str:
    """ "Cấp xã (từ 01/7/2025)": an option group of the area select."""
    return f"{Level(level).label} ({edition_text})"


NATIONAL = _("Cả nước")
WHOLE_PROVINCE = _("Mọi địa bàn được xem")
