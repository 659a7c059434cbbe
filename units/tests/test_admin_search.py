"""The admin (kept for IT): accent-insensitive search, autocomplete instead of raw ids, Vietnamese, a favicon."""

import pytest
from django.contrib import admin
from django.urls import reverse

from units.models import Agency


@pytest.fixture
def office_admin(client, demo):
    client.force_login(demo.users["office"])
    return client


@pytest.mark.parametrize("typed", ["Đắk Pxi", "đak pxi", "dak pxi", "ĐĂK PXI"])
def test_area_search_in_the_admin_ignores_accents(office_admin, typed):
    page = office_admin.get(reverse("admin:units_adminarea_changelist"), {"q": typed}).content.decode()
    assert "Xã Đăk Pxi" in page


@pytest.mark.parametrize("typed", ["ngoc hoi", "Ngọc Hồi", "NGOC HOI"])
def test_visit_and_agency_search_ignore_accents(office_admin, typed):
    agencies = office_admin.get(reverse("admin:units_agency_changelist"), {"q": typed}).content.decode()
    assert "UBND huyện Ngọc Hồi" in agencies
    visits = office_admin.get(reverse("admin:inspections_visit_changelist"), {"q": typed}).content.decode()
    assert "UBND huyện Ngọc Hồi" in visits


def test_official_search_ignores_accents(office_admin):
    page = office_admin.get(reverse("admin:units_official_changelist"), {"q": "vo van giang"}).content.decode()
    assert "Võ Văn Giang" in page


def test_no_raw_id_boxes_remain():
    assert {str(type(m).__name__): m.raw_id_fields for m in admin.site._registry.values() if m.raw_id_fields} == {}


def test_admin_speaks_vietnamese_and_has_a_favicon(office_admin):
    page = office_admin.get(reverse("admin:units_agency_changelist")).content.decode()
    assert "Chuyển đến nội dung chính" in page and "Skip to main content" not in page
    assert "img/favicon.svg" in page
    agency = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    form = office_admin.get(reverse("admin:units_agency_change", args=[agency.pk])).content.decode()
    assert "vForeignKeyRawIdAdminField" not in form and "admin-autocomplete" in form
    catalog = office_admin.get(reverse("admin:jsi18n")).content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in catalog or "Chọn tất cả %s" in catalog


def test_the_fold_lookup_matches_what_the_pages_fold(db, demo):
    from django.contrib.auth.models import User

    from tthc_inspect.text import fold

    user = demo.users["office"]
    User.objects.filter(pk=user.pk).update(first_name="Đặng Thị", last_name="Ưng Ý")
    assert list(User.objects.filter(first_name__fold__contains=fold("dang thi")).values_list("pk", flat=True)) == [
        user.pk
    ]
    assert User.objects.filter(last_name__fold__contains="ung y").count() == 1
