"""Write operations on territory and agencies."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import Ward as LegacyWard

from tthc_inspect.text import fold
from units.models import AdminArea, Level

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = REFORM_DATE - datetime.timedelta(days=1)

Key = tuple[str, str, int]  # (edition, level, code)


@dataclass(frozen=True)
class AreaRow:
    key: Key
    name: str
    division_type: str
    parent: Key | None


@dataclass(frozen=True)
class AreaLoadResult:
    created: int
    updated: int
    successor_links: int


def _legacy(level: str, code: int) -> Key:
    return (AdminArea.Edition.PRE_2025, level, int(code))


def _current(level: str, code: int) -> Key:
    return (AdminArea.Edition.REFORM_2025, level, int(code))


def _selected_provinces(province_codes: Iterable[int] | None) -> tuple[set[int] | None, set[int] | None]:
    """Close a set of province codes over the 2025 merger: Kon Tum (62) brings Quảng Ngãi (51) and back."""
    if province_codes is None:
        return None, None
    wanted = {int(c) for c in province_codes}
    legacy = {p.code.value for p in LegacyProvince.iter_all() if p.code.value in wanted}
    current = {p.code.value for p in Province.iter_all() if p.code.value in wanted}
    for province in Province.iter_all():
        sources = {s.code.value for s in province.get_legacy_sources()}
        if sources & legacy:
            current.add(province.code.value)
    for province in Province.iter_all():
        if province.code.value in current:
            legacy |= {s.code.value for s in province.get_legacy_sources()}
    return legacy, current


def _area_rows(legacy_codes: set[int] | None, current_codes: set[int] | None):
    rows: list[AreaRow] = []
    links: list[tuple[Key, Key]] = []
    district_province: dict[int, int] = {}
    for p in LegacyProvince.iter_all():
        if legacy_codes is None or p.code.value in legacy_codes:
            rows.append(AreaRow(_legacy(Level.PROVINCE, p.code.value), p.name, str(p.division_type.value), None))
    for d in LegacyDistrict.iter_all():
        province_code = d.province_code.value
        district_province[d.code.value] = province_code
        if legacy_codes is None or province_code in legacy_codes:
            rows.append(
                AreaRow(
                    _legacy(Level.DISTRICT, d.code.value),
                    d.name,
                    str(d.division_type.value),
                    _legacy(Level.PROVINCE, province_code),
                )
            )
    for w in LegacyWard.iter_all():
        if legacy_codes is None or district_province.get(w.district_code.value) in legacy_codes:
            rows.append(
                AreaRow(
                    _legacy(Level.COMMUNE, w.code.value),
                    w.name,
                    str(w.division_type.value),
                    _legacy(Level.DISTRICT, w.district_code.value),
                )
            )
    for p in Province.iter_all():
        if current_codes is None or p.code.value in current_codes:
            rows.append(AreaRow(_current(Level.PROVINCE, p.code.value), p.name, str(p.division_type.value), None))
            for source in p.get_legacy_sources():
                links.append((_legacy(Level.PROVINCE, source.code.value), _current(Level.PROVINCE, p.code.value)))
    for w in Ward.iter_all():
        if current_codes is None or w.province_code.value in current_codes:
            new_key = _current(Level.COMMUNE, w.code.value)
            rows.append(
                AreaRow(new_key, w.name, str(w.division_type.value), _current(Level.PROVINCE, w.province_code.value))
            )
            for source in w.get_legacy_sources():
                links.append((_legacy(Level.COMMUNE, source.code.value), new_key))
                links.append((_legacy(Level.DISTRICT, source.district_code.value), new_key))
    return rows, links


@transaction.atomic
def areas_load(*, province_codes: Iterable[int] | None = None) -> AreaLoadResult:
    """Load or refresh areas from the vietnam-provinces package; safe to run again.

    Both editions are loaded: the pre-2025 three-level list (valid until 30/06/2025)
    and the current two-level list (valid from 01/07/2025), linked old → new.
    """
    legacy_codes, current_codes = _selected_provinces(province_codes)
    rows, links = _area_rows(legacy_codes, current_codes)
    existing = {(a.edition, a.level, a.code): a for a in AdminArea.objects.all()}
    created = updated = 0
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create, to_update = [], []
        for row in rows:
            if row.key[1] != level:
                continue
            edition = row.key[0]
            values = {
                "name": row.name,
                "search_name": fold(row.name),
                "division_type": row.division_type,
                "parent_id": existing[row.parent].pk if row.parent in existing else None,
                "valid_from": REFORM_DATE if edition == AdminArea.Edition.REFORM_2025 else None,
                "valid_to": LEGACY_END if edition == AdminArea.Edition.PRE_2025 else None,
            }
            area = existing.get(row.key)
            if area is None:
                to_create.append(AdminArea(edition=edition, level=level, code=row.key[2], **values))
            elif any(getattr(area, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(area, f, v)
                to_update.append(area)
        AdminArea.objects.bulk_create(to_create, batch_size=2000)
        AdminArea.objects.bulk_update(
            to_update, ["name", "search_name", "division_type", "parent_id", "valid_from", "valid_to"], batch_size=2000
        )
        created += len(to_create)
        updated += len(to_update)
        if to_create:
            existing = {(a.edition, a.level, a.code): a for a in AdminArea.objects.all()}
    through = AdminArea.successors.through
    pairs = {(existing[old].pk, existing[new].pk) for old, new in links if old in existing and new in existing}
    known = set(through.objects.values_list("from_adminarea_id", "to_adminarea_id"))
    new_links = [through(from_adminarea_id=a, to_adminarea_id=b) for a, b in pairs - known]
    through.objects.bulk_create(new_links, batch_size=5000)
    return AreaLoadResult(created=created, updated=updated, successor_links=len(new_links))
