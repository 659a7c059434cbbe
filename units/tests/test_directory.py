"""The office's directory pages: agencies (create, edit, merge, dissolve), officials, communes from the area data."""

import datetime

import pytest
from django.urls import reverse

from units.models import AdminArea, Agency, Kind, Level, Official


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def pxi() -> AdminArea:
    return AdminArea.objects.get(name="Xã Đăk Pxi", edition=AdminArea.Edition.REFORM_2025)


@pytest.mark.parametrize("typed", ["dak pxi", "Đắk Pxi", "đak pxi", "ĐĂK PXI"])
def test_area_search_is_accent_insensitive_and_tells_editions_apart(office_client, typed):
    page = office_client.get(reverse("units:area_search"), {"q": typed}).content.decode()
    assert "Xã Đăk Pxi — tỉnh Quảng Ngãi · cấp xã · từ 01/07/2025" in page


def test_area_search_shows_both_editions_of_a_province(office_client):
    page = office_client.get(reverse("units:area_search"), {"q": "kon tum", "level": Level.PROVINCE}).content.decode()
    assert "Tỉnh Kon Tum · cấp tỉnh · đến 30/06/2025" in page


def test_office_creates_and_edits_an_agency_with_area_and_parent(office_client):
    committee = Agency.objects.create(name="UBND xã Đăk Pxi", kind=Kind.PEOPLES_COMMITTEE, level=Level.COMMUNE)
    data = {
        "name": "Trung tâm Phục vụ hành chính công xã Đăk Pxi",
        "kind": Kind.SERVICE_CENTRE,
        "level": Level.COMMUNE,
        "area": pxi().pk,
        "parent": committee.pk,
        "valid_from": "01/07/2025",
    }
    response = office_client.post(reverse("units:agency_create"), data)
    centre = Agency.objects.get(name=data["name"])
    assert response.status_code == 302
    assert (centre.area, centre.parent, centre.valid_from) == (pxi(), committee, datetime.date(2025, 7, 1))
    page = office_client.get(reverse("units:agency_edit", args=[centre.pk])).content.decode()
    assert "Xã Đăk Pxi — tỉnh Quảng Ngãi" in page  # the picker shows the chosen area's label
    office_client.post(reverse("units:agency_edit", args=[centre.pk]), {**data, "short_name": "TTPVHCC Đăk Pxi"})
    centre.refresh_from_db()
    assert centre.short_name == "TTPVHCC Đăk Pxi"


def test_merge_ends_the_sources_names_the_target_and_moves_officials(office_client):
    a = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    target = Agency.objects.get(name="Sở Tài chính")
    moved = list(a.officials.values_list("pk", flat=True))
    response = office_client.post(
        reverse("units:agency_merge"),
        {"sources": [a.pk], "target": target.pk, "on": "01/03/2025", "move_officials": "on"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2025, 2, 28) and list(a.successors.all()) == [target]
    assert set(Official.objects.filter(pk__in=moved).values_list("agency_id", flat=True)) <= {target.pk}


def test_dissolve_with_successor_and_refuse_twice(office_client):
    agency = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    successor = Agency.objects.get(name="Sở Tài chính")
    url = reverse("units:agency_dissolve", args=[agency.pk])
    office_client.post(url, {"on": "01/03/2025", "successor": successor.pk})
    agency.refresh_from_db()
    assert agency.valid_to == datetime.date(2025, 2, 28) and list(agency.successors.all()) == [successor]
    page = office_client.post(url, {"on": "01/04/2025"}).content.decode()
    assert "đã thôi hoạt động từ trước" in page
    agency.refresh_from_db()
    assert agency.valid_to == datetime.date(2025, 2, 28)


def test_communes_agencies_proposed_from_the_area_data_and_created_on_confirmation(office_client):
    province = AdminArea.objects.get(
        level=Level.PROVINCE, edition=AdminArea.Edition.REFORM_2025, name__contains="Quảng Ngãi"
    )
    url = reverse("units:communes_propose")
    page = office_client.get(url, {"province": province.pk}).content.decode()
    assert "UBND xã Đăk Pxi" in page and "Trung tâm Phục vụ hành chính công xã Đăk Pxi" in page
    assert not Agency.objects.filter(area=pxi()).exists()
    communes = AdminArea.objects.filter(parent=province, level=Level.COMMUNE).count()
    keys = [f"{pxi().pk}:{Kind.PEOPLES_COMMITTEE}", f"{pxi().pk}:{Kind.SERVICE_CENTRE}"]
    office_client.post(url, {"province": province.pk, "create": keys})
    created = {a.kind: a for a in Agency.objects.filter(area=pxi())}
    assert created[Kind.SERVICE_CENTRE].parent == created[Kind.PEOPLES_COMMITTEE]
    assert created[Kind.PEOPLES_COMMITTEE].valid_from == datetime.date(2025, 7, 1)
    office_client.post(url, {"province": province.pk, "create": keys})  # again: nothing doubled
    assert Agency.objects.filter(area=pxi()).count() == 2
    assert communes > 50


def test_office_adds_an_official_then_is_offered_the_account(office_client):
    agency = Agency.objects.get(name="Sở Tư pháp")
    response = office_client.post(
        reverse("units:official_create"),
        {
            "full_name": "Lê Thị Hoa",
            "position": "Chuyên viên",
            "agency": agency.pk,
            "phone": "0260 1",
            "email": "hoa@x.vn",
        },
    )
    official = Official.objects.get(full_name="Lê Thị Hoa")
    assert response["Location"] == reverse("units:account_create", args=[official.pk])
    assert (official.agency, official.email) == (agency, "hoa@x.vn")


def test_directory_is_for_the_office_only(client, demo):
    client.force_login(demo.users["head"])
    assert (
        client.post(reverse("units:agency_create"), {"name": "X", "kind": "ubnd", "level": "commune"}).status_code
        == 403
    )
    assert not Agency.objects.filter(name="X").exists()


def test_an_official_entered_by_mistake_is_deleted_but_not_one_with_an_account_or_a_team(office_client, demo):
    agency = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    typo = Official.objects.create(full_name="Lê Nhập Nhầm", agency=agency)
    page = office_client.get(reverse("units:official_edit", args=[typo.pk])).content.decode()
    assert reverse("units:official_delete", args=[typo.pk]) in page
    response = office_client.post(reverse("units:official_delete", args=[typo.pk]), follow=True)
    assert "Đã xóa cán bộ Lê Nhập Nhầm." in response.content.decode()
    assert not Official.objects.filter(pk=typo.pk).exists()
    with_account = demo.users["member"].official
    response = office_client.post(reverse("units:official_delete", args=[with_account.pk]), follow=True)
    assert "hãy khóa tài khoản thay vì xóa" in response.content.decode()
    on_team = demo.plan.decisions.get().members.exclude(official__user__isnull=False).first().official
    response = office_client.post(reverse("units:official_delete", args=[on_team.pk]), follow=True)
    assert "không xóa được" in response.content.decode()
    assert Official.objects.filter(pk__in=[with_account.pk, on_team.pk]).count() == 2
