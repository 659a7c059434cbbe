"""Each dashboard page issues a fixed number of queries whatever the data size (generate_data at two sizes)."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from demo.synthetic import SyntheticSize, synthetic_generate
from findings.models import Finding
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
    "overview": (reverse("dashboards:overview"), {}, 20),  # 20 with the visits under way (issue 18)
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
        table in q["sql"]
        for q in captured.captured_queries
        for table in ("findings_resulttally", "findings_visittally", "findings_finding", "findings_remediationaction")
    )


def rate_expressions(path: str = "") -> dict:
    """The reference: counts and weighted rate aggregated wholly in SQL over every item result."""
    from django.db.models import Case, Count, FloatField, Q, Sum, Value, When
    from django.db.models.functions import NullIf

    result, pk = f"{path}result", f"{path}pk"
    assessed = Count(pk, filter=Q(**{f"{result}__in": ["pass", "partial", "fail"]}))
    weighted = Sum(
        Case(
            When(**{result: "pass"}, then=Value(1.0)),
            When(**{result: "partial"}, then=Value(0.5)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    return {
        "passed": Count(pk, filter=Q(**{result: "pass"})),
        "partial": Count(pk, filter=Q(**{result: "partial"})),
        "failed": Count(pk, filter=Q(**{result: "fail"})),
        "not_applicable": Count(pk, filter=Q(**{result: "na"})),
        "assessed": assessed,
        "rate": weighted * Value(100.0) / NullIf(assessed, Value(0), output_field=FloatField()),
    }


def test_compliance_summed_from_tallies_equals_the_rates_computed_from_every_result(generated):
    """Per section, agency, year and visit, the figures summed from the (visit, section) tallies match a
    reference aggregated in SQL over every item result, order and ties included."""
    from django.db.models import Count, F, Max

    from findings.models import ItemResult
    from reports.dashboards import selectors
    from reports.dashboards.filters import Scope

    office = generated
    for scope in (Scope(), Scope(year=selectors.years_for(user=office)[0]), Scope(kind="ubnd")):
        results = ItemResult.objects.visible_to(office).filter(scope.visit_q("visit__"))
        reference_sections = list(
            results.values(code=F("item__section__code"), title=F("item__section__title"))
            .annotate(order=Max("item__section__order"), **rate_expressions())
            .order_by("order", "code")
        )
        sections = selectors.compliance_by_section(user=office, scope=scope)
        assert [(s["code"], s["passed"], s["partial"], s["failed"], s["not_applicable"]) for s in sections] == [
            (s["code"], s["passed"], s["partial"], s["failed"], s["not_applicable"]) for s in reference_sections
        ]
        assert [round(s["rate"] or 0, 9) for s in sections] == [round(s["rate"] or 0, 9) for s in reference_sections]
        reference_years = list(
            ItemResult.objects.visible_to(office)
            .filter(scope.without_year().visit_q("visit__"))
            .values(year=F("visit__plan__year"), code=F("item__section__code"))
            .annotate(order=Max("item__section__order"), **rate_expressions())
            .order_by("order", "code", "year")
        )
        years = selectors.yoy_by_section(user=office, scope=scope)
        assert [(r["year"], r["code"], r["assessed"], round(r["rate"] or 0, 9)) for r in years] == [
            (r["year"], r["code"], r["assessed"], round(r["rate"] or 0, 9)) for r in reference_years
        ]
        reference_agencies = list(
            results.values(agency_id=F("visit__agency_id"), name=F("visit__agency__name"))
            .annotate(visits=Count("visit_id", distinct=True), **rate_expressions())
            .filter(assessed__gt=0)
            .order_by(F("rate").asc(nulls_last=True), "name", "agency_id")
        )
        for limit in (None, 15, 3):
            agencies, total = selectors.agency_compliance(user=office, scope=scope, limit=limit)
            expected = reference_agencies if limit is None else reference_agencies[:limit]
            assert [(a["agency_id"], a["visits"], a["assessed"]) for a in agencies] == [
                (a["agency_id"], a["visits"], a["assessed"]) for a in expected
            ]
            assert total == len(reference_agencies)
        every_year = ItemResult.objects.visible_to(office).filter(scope.without_year().visit_q("visit__"))
        weakest = (
            every_year.values("visit__agency_id")
            .annotate(**rate_expressions())
            .filter(assessed__gt=0)
            .order_by("rate", "visit__agency_id")
            .values_list("visit__agency_id", flat=True)[:5]
        )
        reference_yoy = list(
            every_year.filter(visit__agency_id__in=list(weakest))
            .values(year=F("visit__plan__year"), agency_id=F("visit__agency_id"), name=F("visit__agency__name"))
            .annotate(**rate_expressions())
            .order_by("name", "agency_id", "year")
        )
        assert [
            (r["year"], r["agency_id"], r["assessed"], round(r["rate"] or 0, 9))
            for r in selectors.yoy_by_agency(user=office, scope=scope, limit=5)
        ] == [(r["year"], r["agency_id"], r["assessed"], round(r["rate"] or 0, 9)) for r in reference_yoy]
        section = reference_sections[-1]["code"]
        for drill in ({}, {"section": section}):
            visits = selectors.visits_for(user=office, scope=scope)
            if drill:
                visits = visits.filter(item_results__item__section__code=section)
            reference_visits = list(
                visits.annotate(**rate_expressions("item_results__"))
                .order_by(F("rate").asc(nulls_last=True), "agency__name", "pk")
                .values_list("pk", "passed", "partial", "failed", "not_applicable")
            )
            listed = selectors.visit_list(user=office, scope=scope, drill=drill)
            assert [(v.pk, v.passed, v.partial, v.failed, v.not_applicable) for v in listed] == reference_visits


def test_limitations_by_agency_counted_by_id_and_named_after_equal_one_grouped_query(generated):
    """The agencies' limitation table (counted per agency id, names read after) matches the single
    GROUP BY over names it replaced, order and ties at the limit included."""
    from django.db.models import Count, F, Q

    from reports.dashboards import selectors
    from reports.dashboards.filters import Scope

    office = generated
    for scope in (Scope(), Scope(year=selectors.years_for(user=office)[0]), Scope(kind="ubnd")):
        by_agency = list(
            selectors.findings_for(user=office, scope=scope)
            .filter(kind="limitation")
            .values(agency_id=F("visit__agency_id"), name=F("visit__agency__name"), area=F("visit__agency__area__name"))
            .annotate(
                n=Count("pk"), high=Count("pk", filter=Q(severity="high")), visits=Count("visit_id", distinct=True)
            )
            .order_by("-n", "name", "agency_id")
        )
        assert by_agency
        for limit in (None, 15, 4):
            expected = by_agency if limit is None else by_agency[:limit]
            assert selectors.limitations_by_agency(user=office, scope=scope, limit=limit) == expected


def test_the_agency_trend_and_the_visits_under_way_cost_fixed_queries(generated, django_assert_num_queries):
    """Issue 18's additions: an agency's years and sections (two, after the roles), the visits under way (one)."""
    from reports.dashboards import selectors
    from reports.dashboards.filters import Scope

    agency = Finding.objects.order_by("pk").values_list("visit__agency_id", flat=True).first()
    with django_assert_num_queries(3):  # the user's roles (read once per request), then two
        trend = selectors.agency_trend(user=generated, agency_id=agency)
    assert trend["years"]
    with django_assert_num_queries(1):
        selectors.visits_in_progress(user=generated, scope=Scope())
