"""Each dashboard page issues a fixed number of queries whatever the data size (generate_data at two sizes)."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from findings.models import Finding
from inspections.synthetic import SyntheticSize, synthetic_generate
from units.models import AdminArea, Agency, Level
from units.roles import Role

pytestmark = pytest.mark.django_db

SIZES = {
    "small": SyntheticSize(provinces=1, agencies=25, years=2, findings=120, actions=20),
    "larger": SyntheticSize(provinces=1, agencies=70, years=4, findings=900, actions=150),
}
# Session, user, groups, notifications badge and the filter's choices are part of every page; the
# overview, year-over-year page and charts also read the cache's data version (the first request
# below computes the figures, the second may be served from the cache: both stay within the limit).
PAGES = {
    "overview": (reverse("dashboards:overview"), {}, 19),
    "overview, area": (reverse("dashboards:overview"), {"area": "area", "kind": "ubnd"}, 21),
    "year over year": (reverse("dashboards:year_over_year"), {}, 13),
    "visits": (reverse("dashboards:visits"), {"section": "4"}, 12),
    "visits of an agency": (reverse("dashboards:visits"), {"agency": "agency"}, 13),
    "findings": (reverse("dashboards:findings"), {"finding": "limitation", "item": "3.2"}, 12),
    "actions": (reverse("dashboards:actions"), {"state": "pending", "age": "365+"}, 12),
    "chart": (reverse("dashboards:chart", args=["co-quan"]), {}, 9),
    "export": (reverse("dashboards:export", args=["co-quan"]), {}, 8),
}


@pytest.fixture(params=list(SIZES))
def generated(request) -> User:
    cache.clear()
    result = synthetic_generate(SIZES[request.param])
    assert result.findings == SIZES[request.param].findings
    office = make_user("dash_office", Role.OFFICE, Agency.objects.order_by("pk").first(), "Văn phòng")
    return office


@pytest.mark.parametrize("page", list(PAGES))
def test_dashboard_pages_run_a_fixed_number_of_queries(client, generated, page, django_assert_max_num_queries):
    url, params, limit = PAGES[page]
    params = dict(params)
    if params.get("area"):
        params["area"] = AdminArea.objects.get(edition="pre2025", level=Level.PROVINCE, code=62).pk
    if params.get("agency"):
        params["agency"] = Finding.objects.order_by("pk").values_list("visit__agency_id", flat=True).first()
    client.force_login(generated)
    client.get(reverse("dashboards:overview"))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"year": "", **params})
    assert response.status_code == 200
    with django_assert_max_num_queries(limit):
        client.get(url, {"year": "", **params})
    assert len(captured) <= limit
    assert any(
        "findings_itemresult" in q["sql"] or "findings_finding" in q["sql"] or "findings_remediationaction" in q["sql"]
        for q in captured.captured_queries
    )
