"""Write operations on the directory of agencies and officials (the office's pages). One transaction each.

A merger or a dissolution never deletes: the old agencies stop the day before (``valid_to``) and
name their successor, so older visits and documents keep pointing at the agency as it was.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from tthc_inspect.history import records_user
from units.models import AdminArea, Agency, Kind, Level, Official
from units.names import agency_name_keep

DAY = datetime.timedelta(days=1)


@records_user
@transaction.atomic
def agency_save(*, form, user) -> Agency:
    """Save the agency; a changed name, kind or parent keeps the old one for documents dated before ``renamed_on``."""
    before = Agency.objects.select_for_update().get(pk=form.instance.pk) if form.instance.pk else None
    agency = form.save()
    if before is not None:
        since = form.cleaned_data.get("renamed_on") or timezone.localdate()
        agency_name_keep(before=before, after=agency, since=since)
    return agency


@records_user
@transaction.atomic
def official_save(*, form, user):
    return form.save()


@records_user
@transaction.atomic
def official_delete(*, official: Official, user) -> str:
    """Delete an official entered by mistake: one with no account and on no team, visit or document."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if official.user_id:
        raise ValidationError(_("Cán bộ đã có tài khoản: hãy khóa tài khoản thay vì xóa."))
    name = official.full_name
    try:
        official.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(_("Cán bộ đã có trong đoàn kiểm tra hoặc hồ sơ kiểm tra: không xóa được.")) from exc
    return name


@records_user
@transaction.atomic
def official_add(*, agency: Agency, full_name: str, position: str, user) -> Official:
    """A person met at a visit, added to the visited agency's officials from the visit form."""
    official = Official(agency=agency, full_name=full_name[:120], position=position[:160])
    official.full_clean()
    official.save()
    return official


def _end(agency: Agency, on: datetime.date) -> None:
    if agency.valid_from and agency.valid_from > on - DAY:
        raise ValidationError(
            _("%(name)s bắt đầu hoạt động từ %(d)s; ngày giải thể, sáp nhập phải sau ngày đó.")
            % {"name": agency.name, "d": agency.valid_from.strftime("%d/%m/%Y")}
        )
    agency.valid_to = on - DAY
    agency.save(update_fields=["valid_to"])


@records_user
@transaction.atomic
def agency_dissolve(*, agency: Agency, on: datetime.date, successor: Agency | None, user) -> Agency:
    """The agency stops on the day before ``on``; its work passes to ``successor`` (if any)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.valid_to and agency.valid_to < on:
        raise ValidationError(_("Cơ quan này đã thôi hoạt động từ trước."))
    if successor is not None and successor.pk == agency.pk:
        raise ValidationError(_("Cơ quan kế thừa phải là cơ quan khác."))
    _end(agency, on)
    if successor is not None:
        agency.successors.add(successor)
    return agency


@records_user
@transaction.atomic
def agency_merge(*, sources, target: Agency, on: datetime.date, move_officials: bool, user) -> Agency:
    """Merge ``sources`` into ``target`` from ``on``: each source stops the day before and names the target."""
    for source in Agency.objects.select_for_update().filter(pk__in=[s.pk for s in sources]).order_by("pk"):
        if source.pk == target.pk:
            raise ValidationError(_("Cơ quan hợp nhất vào không thể là một trong các cơ quan bị sáp nhập."))
        _end(source, on)
        source.successors.add(target)
        if move_officials:
            for official in source.officials.all():
                official.agency = target
                official.save(update_fields=["agency"])
    return target


def commune_proposals(province: AdminArea) -> list[dict]:
    """For each current commune of the province: its People's Committee and its public-service centre, if missing."""
    communes = list(
        AdminArea.objects.filter(parent=province, level=Level.COMMUNE)
        .order_by("name")
        .only("pk", "name", "division_type")
    )
    existing = set(
        Agency.objects.filter(area__in=communes, kind__in=[Kind.PEOPLES_COMMITTEE, Kind.SERVICE_CENTRE]).values_list(
            "area_id", "kind"
        )
    )
    rows = []
    for commune in communes:
        for kind, name in (
            (Kind.PEOPLES_COMMITTEE, f"UBND {commune.name_in_text}"),
            (Kind.SERVICE_CENTRE, f"Trung tâm Phục vụ hành chính công {commune.name_in_text}"),
        ):
            rows.append({"area": commune, "kind": kind, "name": name, "exists": (commune.pk, kind) in existing})
    return rows


@records_user
@transaction.atomic
def communes_create(*, province: AdminArea, keys: set[str], user) -> int:
    """Create the proposed agencies the office ticked (``"<area id>:<kind>"``); the centre sits under its UBND."""
    created = 0
    committees = {}
    valid_from = province.valid_from
    for row in commune_proposals(province):
        key = f"{row['area'].pk}:{row['kind']}"
        if row["exists"] or key not in keys:
            continue
        parent = None
        if row["kind"] == Kind.SERVICE_CENTRE:
            parent = (
                committees.get(row["area"].pk)
                or Agency.objects.filter(area=row["area"], kind=Kind.PEOPLES_COMMITTEE).order_by("pk").first()
            )
        agency = Agency.objects.create(
            name=row["name"],
            kind=row["kind"],
            level=Level.COMMUNE,
            area=row["area"],
            parent=parent,
            valid_from=valid_from,
        )
        if row["kind"] == Kind.PEOPLES_COMMITTEE:
            committees[row["area"].pk] = agency
        created += 1
    return created
