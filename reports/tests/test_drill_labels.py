"""A drill-down's labels come from the rows the viewer may see (issue 13).

``/tong-hop/cuoc-kiem-tra/?agency=5`` printed "Cơ quan: Sở Tài nguyên và Môi trường" to a liaison
with 0 rows, while that agency's own page is a 404 to them: any agency's name could be read by id.
"""

import pytest
from django.urls import reverse

from tests.security.test_access_control import response_text
from tests.security.test_hostile_queries import URLS
from units.models import Agency

pytestmark = pytest.mark.django_db

DRILL_DOWNS = ["dashboards:visits", "dashboards:findings", "dashboards:actions"]


@pytest.fixture
def other_agency(demo) -> Agency:
    """An agency the demo inspected that is not the liaison's (Ngọc Hồi)."""
    agency = Agency.objects.get(name="Sở Tài nguyên và Môi trường")
    assert demo.plan.visits.filter(agency=agency).exists()
    return agency


def test_a_liaison_passing_another_agencys_id_sees_no_name_of_it_anywhere(client, demo, other_agency):
    client.force_login(demo.users["liaison"])
    assert client.get(reverse("findings:agency_actions", args=[other_agency.pk])).status_code == 404
    for url in URLS:  # every list, dashboard, chart and export, drill-downs included
        response = client.get(url, {"year": 2020, "agency": other_agency.pk, "finding": "limitation"})
        assert response.status_code == 200, url
        text = response_text(response)
        assert other_agency.name not in text and "Tài nguyên" not in text, url


@pytest.mark.parametrize("name", DRILL_DOWNS)
def test_the_office_sees_the_agencys_name_beside_its_rows(client, demo, other_agency, name):
    client.force_login(demo.users["office"])
    page = client.get(reverse(name), {"year": 2020, "agency": other_agency.pk}).content.decode()
    assert f"Cơ quan: {other_agency.name}" in page


def test_the_liaison_sees_its_own_agencys_name(client, demo):
    own = demo.visit("Ngọc Hồi").agency
    client.force_login(demo.users["liaison"])
    page = client.get(reverse("dashboards:visits"), {"year": 2020, "agency": own.pk}).content.decode()
    assert f"Cơ quan: {own.name}" in page
