import pytest
from django.urls import reverse

from units.models import Agency


@pytest.fixture
def office_client(client, demo, other_plan):
    client.force_login(demo.users["office"])
    return client


def numbers(response):
    page = response.content.decode()
    return {n for n in ["1978/KH-UBND", "12/KH-UBND"] if f">{n}</a>" in page}


@pytest.mark.parametrize("query", ["dak ha", "Đắk Hà", "Đăk Hà", "DAK HA", "ngoc hoi"])
def test_search_ignores_accents_and_both_spellings(office_client, query):
    assert numbers(office_client.get(reverse("inspections:plan_list"), {"q": query})) == {"1978/KH-UBND"}


def test_search_by_number_and_title(office_client):
    assert numbers(office_client.get(reverse("inspections:plan_list"), {"q": "12/KH"})) == {"12/KH-UBND"}
    assert numbers(office_client.get(reverse("inspections:plan_list"), {"q": "nam 2021"})) == {"12/KH-UBND"}


def test_filters_by_year_status_and_issuer(office_client, demo):
    url = reverse("inspections:plan_list")
    assert numbers(office_client.get(url, {"year": 2020})) == {"1978/KH-UBND"}
    assert numbers(office_client.get(url, {"status": "issued"})) == {"12/KH-UBND"}
    assert numbers(office_client.get(url, {"issuer": demo.plan.issuer_id})) == {"1978/KH-UBND", "12/KH-UBND"}
    other = Agency.objects.get(name="UBND tỉnh Quảng Ngãi")
    assert numbers(office_client.get(url, {"issuer": other.pk})) == set()


def test_the_list_shows_dates_as_dd_mm_yyyy(office_client):
    assert "04/06/2020" in office_client.get(reverse("inspections:plan_list")).content.decode()


def test_plan_list_query_count_does_not_grow_with_plans(office_client, demo, django_assert_max_num_queries):
    url = reverse("inspections:plan_list")
    with django_assert_max_num_queries(12) as small:
        office_client.get(url)
    for i in range(10, 40):
        plan = demo.plan
        plan.pk = None
        plan.number = f"{i}/KH-UBND"
        plan.save()
    with django_assert_max_num_queries(len(small.captured_queries)):
        office_client.get(url)
