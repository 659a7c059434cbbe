"""An agency's page: its trend across the years, from the same scoped tallies as the overview (issue 18)."""

import pytest
from django.urls import reverse

from findings.models import ResultTally
from findings.models.results import compliance_rate
from reports.dashboards import selectors
from reports.dashboards.filters import Scope
from units.models import Agency

pytestmark = pytest.mark.django_db


def test_the_agency_page_shows_its_rate_per_year_as_the_overview_counts_it(client, demo):
    ngoc_hoi = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    tallies = ResultTally.objects.filter(visit__agency=ngoc_hoi)
    by_hand = compliance_rate(*(sum(getattr(t, f) for t in tallies) for f in ("passed", "partial", "failed")))
    overview_row = next(
        r
        for r in selectors.compliance_by_agency(user=demo.users["office"], scope=Scope(year=2020), limit=None)
        if r["agency_id"] == ngoc_hoi.pk
    )
    client.force_login(demo.users["office"])
    response = client.get(reverse("dashboards:agency", args=[ngoc_hoi.pk]))
    assert response.status_code == 200
    years = response.context["years"]
    assert [(r["year"], r["visits"]) for r in years] == [(2020, 1)]
    assert years[0]["rate"] == pytest.approx(by_hand) == pytest.approx(overview_row["rate"])
    assert response.context["sections"].years == [2020]
    overview = client.get(reverse("dashboards:overview"), {"year": 2020}).content.decode()
    assert reverse("dashboards:agency", args=[ngoc_hoi.pk]) in overview


def test_another_agencys_page_is_a_404_for_a_liaison(client, personas, demo):
    ngoc_hoi = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    client.force_login(personas["other_liaison"])
    assert client.get(reverse("dashboards:agency", args=[ngoc_hoi.pk])).status_code == 404
    client.force_login(personas["liaison"])
    assert client.get(reverse("dashboards:agency", args=[ngoc_hoi.pk])).status_code == 200
