import pytest
from django.urls import reverse

from inspections.models import Visit
from units.models import Agency


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def visit_data(agency, **overrides):
    data = {"agency": agency.pk, "planned_start": "25/08/2020", "planned_end": "25/08/2020", "status": "scheduled"}
    data.update(overrides)
    return data


def test_office_adds_an_agency_to_the_schedule(office_client, demo):
    stp = Agency.objects.get(name="Sở Tư pháp")
    response = office_client.post(reverse("inspections:visit_create", args=[demo.plan.pk]), visit_data(stp))
    assert response.status_code == 302
    assert demo.plan.visits.filter(agency=stp).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"planned_start": "01/08/2020"}, "phải nằm trong thời gian kiểm tra của kế hoạch (07/08/2020 – 26/08/2020)"),
        ({"planned_end": "27/08/2020"}, "phải nằm trong thời gian kiểm tra của kế hoạch"),
        ({"planned_start": "25/08/2020", "planned_end": "24/08/2020"}, "Ngày kết thúc dự kiến phải sau"),
        ({"actual_start": "25/08/2020", "actual_end": "20/08/2020"}, "Ngày kết thúc thực tế phải sau"),
    ],
)
def test_bad_visit_dates_are_refused(office_client, demo, overrides, message):
    stp = Agency.objects.get(name="Sở Tư pháp")
    response = office_client.post(
        reverse("inspections:visit_create", args=[demo.plan.pk]), visit_data(stp, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Visit.objects.filter(agency=stp).exists()


def test_an_agency_is_scheduled_once_per_plan(office_client, demo):
    existing = demo.visit("Ngọc Hồi").agency
    response = office_client.post(reverse("inspections:visit_create", args=[demo.plan.pk]), visit_data(existing))
    assert "đã có trong lịch kiểm tra của kế hoạch" in response.content.decode()
    assert demo.plan.visits.filter(agency=existing).count() == 1
