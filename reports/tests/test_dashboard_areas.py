"""The area filter starts in the user's province and lists its areas by level and edition (issue 18)."""

import re

import pytest
from django.urls import reverse

from reports.dashboards.areas import home_province
from units.models import AdminArea, Agency, Level

pytestmark = pytest.mark.django_db


def _area_select(client, user, **params) -> str:
    client.force_login(user)
    html = client.get(reverse("dashboards:overview"), params).content.decode()
    return re.search(r'<select name="area"[^>]*>(.*?)</select>', html, re.S).group(1)


def _other_province() -> AdminArea:
    """A 2025 province outside Quảng Ngãi (the demo loads only Kon Tum's and Quảng Ngãi's areas)."""
    area, _created = AdminArea.objects.get_or_create(
        edition="2025", level=Level.PROVINCE, code=99, defaults={"name": "Tỉnh Thử Nghiệm", "division_type": "tỉnh"}
    )
    return area


def test_a_provincial_user_starts_in_the_2025_province_that_took_in_kon_tum(client, demo):
    quang_ngai = AdminArea.objects.get(edition="2025", level=Level.PROVINCE, code=51)
    assert home_province(demo.users["office"]) == quang_ngai.pk
    assert home_province(demo.users["liaison"]) == quang_ngai.pk
    select = _area_select(client, demo.users["office"], year=2020)
    assert f'<option value="{quang_ngai.pk}" selected>' in select
    assert "Cả nước" not in select and "Mọi địa bàn được xem" in select
    response = client.get(reverse("dashboards:overview"), {"year": 2020})
    assert response.context["scope"].area == quang_ngai.pk
    assert response.context["agency_total"] == 8  # Kon Tum's 2020 agencies, merged into Quảng Ngãi


def test_its_areas_are_grouped_by_level_with_the_edition_and_no_other_province(client, demo):
    select = _area_select(client, demo.users["office"], year=2020)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[0] == "Cấp tỉnh (từ 01/7/2025)" and "Cấp tỉnh (trước 01/7/2025)" in groups
    assert "Cấp huyện (trước 01/7/2025)" in groups and "Cấp huyện (từ 01/7/2025)" not in groups
    assert "Cấp xã (từ 01/7/2025)" in groups
    assert "Huyện Ngọc Hồi, Tỉnh Kon Tum (trước 01/7/2025)" in select
    assert _other_province().name not in select
    provinces = re.search(r'<optgroup label="Cấp tỉnh \(trước 01/7/2025\)">(.*?)</optgroup>', select).group(1)
    assert "Tỉnh Kon Tum" in provinces and "Tỉnh Quảng Ngãi" in provinces


def test_a_user_who_sees_several_provinces_keeps_cả_nước(client, demo):
    office = demo.users["office"]
    other = _other_province()
    Agency.objects.create(name=f"UBND {other.name}", kind="ubnd", level=Level.PROVINCE, area=other)
    assert home_province(office) is None
    select = _area_select(client, office, year=2020)
    assert '<option value="" selected>Cả nước</option>' in select and other.name in select
