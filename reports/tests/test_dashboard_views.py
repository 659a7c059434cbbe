"""Dashboards on the Kon Tum demo: figures, scoping per role, filters, drill-down links, charts, exports."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import status_set
from findings.models import Finding, ItemResult, RemediationAction
from findings.models.results import Result
from inspections.models import Plan
from reports.dashboards import selectors
from reports.dashboards.areas import home_province
from reports.dashboards.filters import Scope
from units.models import AdminArea, Agency, Level

pytestmark = pytest.mark.django_db


OVERVIEW = reverse("dashboards:overview")
PAGES = [
    OVERVIEW,
    reverse("dashboards:year_over_year"),
    reverse("dashboards:visits"),
    reverse("dashboards:findings"),
    reverse("dashboards:actions"),
    reverse("dashboards:chart", args=["noi-dung"]),
    reverse("dashboards:export", args=["co-quan"]),
]


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def expected_rate(queryset) -> float:
    passed = queryset.filter(result=Result.PASS).count()
    partial = queryset.filter(result=Result.PARTIAL).count()
    failed = queryset.filter(result=Result.FAIL).count()
    return 100 * (passed + 0.5 * partial) / (passed + partial + failed)


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", PAGES)
def test_leadership_reads_every_page_and_cannot_post(client, demo, url):
    assert get(client, demo.users["leader"], url, year=2020).status_code == 200
    assert client.post(url).status_code == 405


def test_compliance_counts_partial_as_half_and_leaves_not_applicable_out(demo):
    office = demo.users["office"]
    visit = demo.visit("Ngọc Hồi")
    results = list(ItemResult.objects.filter(visit=visit).order_by("pk"))
    for r, value in zip(
        results, [Result.PARTIAL, Result.NOT_APPLICABLE, Result.FAIL, Result.NOT_APPLICABLE], strict=False
    ):
        r.result = value
        r.save(update_fields=["result"])
    scope = Scope(year=2020)
    rows = {r["agency_id"]: r for r in selectors.compliance_by_agency(user=office, scope=scope, limit=None)}
    row = rows[visit.agency_id]
    own = ItemResult.objects.filter(visit=visit)
    assert row["not_applicable"] == own.filter(result=Result.NOT_APPLICABLE).count() >= 2
    assert row["assessed"] == own.exclude(result__in=[Result.NOT_APPLICABLE, ""]).count()
    assert row["rate"] == pytest.approx(expected_rate(own))
    sections = selectors.compliance_by_section(user=office, scope=scope)
    all_results = ItemResult.objects.filter(visit__plan=demo.plan)
    total = sum(s["assessed"] for s in sections)
    assert total == all_results.exclude(result__in=[Result.NOT_APPLICABLE, ""]).count()
    # The weakest agency comes first.
    ordered = selectors.compliance_by_agency(user=office, scope=scope)
    assert [r["rate"] for r in ordered] == sorted(r["rate"] for r in ordered)


def test_the_overview_shows_progress_apart_from_results_with_links_carrying_the_filter(client, demo):
    response = get(client, demo.users["office"], OVERVIEW, year=2020, kind="ubnd")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="visit-progress"' in html and 'id="sections"' in html and 'id="remediation"' in html
    ngoc_hoi = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    home = home_province(demo.users["office"])  # the office's own province: the area filter's default
    link = f"{reverse('dashboards:visits')}?year=2020&amp;kind=ubnd&amp;area={home}&amp;agency={ngoc_hoi.pk}"
    assert link in html
    assert "Sở Nội vụ" not in html  # a department: filtered out by kind
    assert "<script>" not in html and " style=" not in html  # CSP-ready: charts come as <img>
    assert f'src="{reverse("dashboards:chart", args=["noi-dung"])}?year=2020&amp;kind=ubnd&amp;area={home}"' in html


def test_a_figure_leads_to_the_list_behind_it(client, demo):
    office = demo.users["office"]
    ngoc_hoi = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    response = get(client, office, reverse("dashboards:visits"), year=2020, kind="ubnd", agency=ngoc_hoi.pk)
    rows = response.context["page"].object_list
    assert [v.agency_id for v in rows] == [ngoc_hoi.pk]
    assert rows[0].rate == pytest.approx(expected_rate(ItemResult.objects.filter(visit__agency=ngoc_hoi)))
    section = get(client, office, reverse("dashboards:visits"), year=2020, section="3").context["page"]
    assert section.paginator.count == 8
    for visit in section.object_list:
        own = ItemResult.objects.filter(visit=visit, item__section__code="3")
        assert visit.assessed == own.exclude(result__in=["na", ""]).count()
    findings = get(client, office, reverse("dashboards:findings"), year=2020, finding="limitation", item="3.2")
    assert (
        findings.context["page"].paginator.count
        == demo.plan.visits.filter(findings__item__code="3.2", findings__kind="limitation").count()
    )
    assert all(f.item.code == "3.2" for f in findings.context["page"].object_list)


def test_liaison_sees_only_its_own_agency(client, personas, demo):
    liaison = personas["liaison"]
    scope = Scope(year=2020)
    names = {r["name"] for r in selectors.compliance_by_agency(user=liaison, scope=scope, limit=None)}
    assert names == {"UBND huyện Ngọc Hồi"}
    html = get(client, liaison, OVERVIEW, year=2020).content.decode()
    html = re.sub(r'<form method="get".*?</form>', "", html, flags=re.S)  # the area list names every district
    assert "UBND huyện Ngọc Hồi" in html and "Sở Nội vụ" not in html and "Đắk Hà" not in html
    visits = get(client, liaison, reverse("dashboards:visits"), year=2020).context["page"]
    assert {v.agency.name for v in visits} == {"UBND huyện Ngọc Hồi"}
    actions = get(client, liaison, reverse("dashboards:actions"), year="").context["page"]
    assert {a.agency.name for a in actions} <= {"UBND huyện Ngọc Hồi"}
    outsider = personas["other_liaison"]
    assert selectors.compliance_by_agency(user=outsider, scope=scope) == []
    assert selectors.visit_progress(user=outsider, scope=Scope())[0]["n"] == 0


def test_a_liaison_sees_no_visit_results_in_the_drill_downs_before_submission(client, personas, demo):
    """The visit stays in the progress figures; its results (rate, counts) only show once it is submitted."""
    liaison = personas["liaison"]
    visit = demo.visit("Ngọc Hồi")
    status_set(visit, "in_progress")
    for drill in ({}, {"section": "3"}):
        page = get(client, liaison, reverse("dashboards:visits"), year=2020, **drill).context["page"]
        assert page.paginator.count == 0
    office_rows = get(client, demo.users["office"], reverse("dashboards:visits"), year=2020).context["page"]
    assert visit.pk in {v.pk for v in office_rows}
    status_set(visit, "submitted")
    rows = get(client, liaison, reverse("dashboards:visits"), year=2020).context["page"].object_list
    assert [v.pk for v in rows] == [visit.pk] and rows[0].rate is not None


def test_area_filter_takes_pre_2025_areas_and_their_2025_successor(client, demo):
    office = demo.users["office"]
    kon_tum = AdminArea.objects.get(edition="pre2025", level=Level.PROVINCE, code=62)
    quang_ngai = AdminArea.objects.get(edition="2025", level=Level.PROVINCE, code=51)
    ngoc_hoi = AdminArea.objects.get(edition="pre2025", level=Level.DISTRICT, code=611)

    def visit_count(area):
        response = get(client, office, reverse("dashboards:visits"), year=2020, area=area.pk)
        return response.context["page"].paginator.count

    assert visit_count(kon_tum) == 8
    assert visit_count(quang_ngai) == 8  # Kon Tum merged into Quảng Ngãi: its 2020 visits count there
    assert visit_count(ngoc_hoi) == 1
    html = get(client, office, OVERVIEW, year=2020, area=kon_tum.pk).content.decode()
    assert "Tỉnh Kon Tum (trước 01/7/2025)" in html
    assert "Huyện Ngọc Hồi, Tỉnh Kon Tum (trước 01/7/2025)" in html  # its districts become choices


def test_an_invalid_filter_value_is_ignored(client, demo):
    response = get(client, demo.users["office"], OVERVIEW, year="1900", kind="nope", area="abc")
    assert response.status_code == 200
    assert response.context["scope"] == Scope()


def test_remediation_figures_match_their_lists(client, demo):
    office = demo.users["office"]
    data = selectors.remediation_summary(user=office, scope=Scope(), today=demo_today())
    assert data["counts"]["total"] == RemediationAction.objects.count() > 0
    for state in data["states"]:
        response = get(client, office, reverse("dashboards:actions"), year="", state=state["state"])
        assert response.context["page"].paginator.count == state["n"]
    for age in data["ages"]:
        response = get(client, office, reverse("dashboards:actions"), year="", age=age["age"])
        assert response.context["page"].paginator.count == age["n"]
    assert sum(a["n"] for a in data["ages"]) == data["counts"]["pending"]


def demo_today():
    from django.utils import timezone

    return timezone.localdate()


def test_charts_are_svg_without_script_or_external_references(client, demo):
    office = demo.users["office"]
    for name in ("cuoc-kiem-tra", "noi-dung", "co-quan", "han-che-tieu-chi", "khac-phuc", "theo-nam-noi-dung"):
        response = get(client, office, reverse("dashboards:chart", args=[name]), year=2020)
        svg = response.content.decode()
        assert response["Content-Type"].startswith("image/svg+xml")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert svg.startswith("<svg") and "<script" not in svg.lower()
        assert set(re.findall(r"https?://[^\"'\s<)]+", svg)) <= {
            "http://www.w3.org/2000/svg",
            "http://www.w3.org/1999/xlink",
        }
    svg = get(client, office, reverse("dashboards:chart", args=["noi-dung"]), year=2020).content.decode()
    assert "Tỷ lệ đạt theo nội dung kiểm tra" in svg and "\u00a0%" in svg
    assert get(client, office, reverse("dashboards:chart", args=["nope"])).status_code == 404


EXPORTS = ["ke-hoach", "cuoc-kiem-tra", "noi-dung", "co-quan", "han-che-tieu-chi", "han-che-co-quan", "khac-phuc"]


@pytest.mark.parametrize("name", [*EXPORTS, "theo-nam-noi-dung", "theo-nam-co-quan"])
def test_every_table_exports_to_xlsx(client, demo, name):
    response = get(client, demo.users["office"], reverse("dashboards:export", args=[name]), year=2020, kind="ubnd")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Năm: 2020" in sheet["A2"].value and "Ủy ban nhân dân" in sheet["A2"].value
    assert sheet.max_row >= 5


def test_the_agency_export_has_every_row_and_writes_formulas_as_text(client, demo):
    office = demo.users["office"]
    agency = Agency.objects.get(name="Sở Nội vụ")
    agency.name = "=HYPERLINK(1)"
    agency.save(update_fields=["name"])
    response = get(client, office, reverse("dashboards:export", args=["co-quan"]), year=2020)
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=5)]
    assert len(names) == 8 and "'=HYPERLINK(1)" in names


def aggregate_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "findings_resulttally" in q["sql"] and "SUM" in q["sql"]]


def test_cached_figures_are_recomputed_when_results_or_findings_change(client, demo):
    office = demo.users["office"]
    visit = demo.visit("Sở Nội vụ")

    def overview():
        with CaptureQueriesContext(connection) as captured:
            response = get(client, office, OVERVIEW, year=2020)
        items = {r["code"]: r["n"] for r in response.context["limitation_items"]}
        agencies = {r["agency_id"]: r for r in response.context["agencies"]}
        return items, agencies[visit.agency_id], captured

    items, row, first = overview()
    assert aggregate_queries(first)
    again, _row, second = overview()
    assert again == items and not aggregate_queries(second)  # served from the cache
    finding = Finding.objects.create(
        visit=visit,
        item=ItemResult.objects.filter(visit=visit).first().item,
        kind="limitation",
        description="Mới",
        severity="low",
    )
    code = finding.item.code
    changed, _row, third = overview()
    assert aggregate_queries(third) and changed[code] == items.get(code, 0) + 1
    result = ItemResult.objects.filter(visit=visit, result=Result.PASS).first()
    result.result = Result.FAIL
    result.save(update_fields=["result"])
    _items, after, _captured = overview()
    assert after["failed"] == row["failed"] + 1 and after["rate"] < row["rate"]
    finding.delete()
    final, _row, _captured = overview()
    assert final.get(code, 0) == items.get(code, 0)


def test_the_cache_is_per_viewer(client, personas):
    assert get(client, personas["office"], OVERVIEW, year=2020).context["agency_total"] == 8
    assert get(client, personas["liaison"], OVERVIEW, year=2020).context["agency_total"] == 1


def _plan_options(client, user, **params) -> str:
    html = get(client, user, OVERVIEW, **params).content.decode()
    return re.search(r'<select name="plan"[^>]*>(.*?)</select>', html, re.S).group(1)


def test_the_filter_lists_follow_new_and_edited_plans_at_once(client, demo):
    """The plan and area options are cached (even with the figures uncached), per version of the plans."""
    office = demo.users["office"]
    assert "1978/KH-UBND (2020)" in _plan_options(client, office, year=2020)
    copy = Plan.objects.create(
        number="20/KH-UBND",
        issued_on=demo.plan.issued_on,
        issuer=demo.plan.issuer,
        year=2020,
        title="Kế hoạch bổ sung",
        period_start=demo.plan.period_start,
        period_end=demo.plan.period_end,
    )
    assert "20/KH-UBND (2020)" in _plan_options(client, office, year=2020)
    copy.number = "21/KH-UBND"
    copy.save()  # an edit writes a history row: a new version
    options = _plan_options(client, office, year=2020)
    assert "21/KH-UBND (2020)" in options and "20/KH-UBND" not in options


def test_the_chosen_filter_values_are_marked_selected(client, demo):
    office = demo.users["office"]
    kon_tum = AdminArea.objects.get(edition="pre2025", level=Level.PROVINCE, code=62)
    chosen = {"year": 2020, "plan": demo.plan.pk, "kind": "department", "area": kon_tum.pk}
    html = get(client, office, OVERVIEW, **chosen).content.decode()
    assert f'<option value="{demo.plan.pk}" selected>1978/KH-UBND (2020)' in html
    assert '<option value="department" selected>' in html
    assert f'<option value="{kon_tum.pk}" selected>Tỉnh Kon Tum (trước 01/7/2025)</option>' in html
    assert '<option value="2020" selected>2020</option>' in html
    form = re.search(r'<form method="get"[^>]*role="search".*?</form>', html, re.S).group(0)
    assert form.count(" selected>") == 6
    assert form.count('<option value="" selected>Tất cả</option>') == 2  # level and status: nothing chosen


def test_the_filter_lists_are_per_viewer_and_language(client, personas):
    office_html = _plan_options(client, personas["office"], year=2021)
    assert "12/KH-UBND (2021)" in office_html
    client.cookies["django_language"] = "en"
    english = get(client, personas["office"], OVERVIEW, year=2021).content.decode()
    assert "All plans" in english and "Tất cả kế hoạch" not in english
