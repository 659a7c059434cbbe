"""Reads: downloads through the pages' checks, stable pages, the pages' filters, constant query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.tests.helpers import auth
from findings.models import Evidence, Finding

pytestmark = pytest.mark.django_db


def test_evidence_file_is_the_stored_photo(demo):
    evidence = Evidence.objects.filter(visit=demo.visit("Ngọc Hồi"), kind="photo").order_by("pk").first()
    response = Client().get(f"/api/v1/evidence/{evidence.pk}/file/?variant=print", **auth(demo.users["liaison"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    unknown = Client().get(f"/api/v1/evidence/{evidence.pk}/file/?variant=raw", **auth(demo.users["liaison"]))
    assert unknown.status_code == 404


def test_pages_are_stable_and_complete(demo):
    client, office = Client(), auth(demo.users["office"])
    everything = [r["id"] for r in client.get("/api/v1/agencies/?page_size=200", **office).json()["results"]]
    paged, url = [], "/api/v1/agencies/?page_size=3"
    while url:
        page = client.get(url, **office).json()
        paged += [r["id"] for r in page["results"]]
        url = page["next"]
    assert paged == everything and len(set(paged)) == len(paged) > 3


def test_the_plan_pages_filters_apply(demo):
    client, office = Client(), auth(demo.users["office"])
    assert [p["number"] for p in client.get("/api/v1/plans/?q=ngoc hoi", **office).json()["results"]] == [
        "1978/KH-UBND"
    ]
    assert client.get("/api/v1/plans/?year=1999", **office).json()["count"] == 0
    assert client.get("/api/v1/plans/?year=1e400", **office).status_code == 400


def test_list_queries_do_not_grow_with_the_rows(demo):
    visit = demo.visit("Ngọc Hồi")
    client, office = Client(), auth(demo.users["office"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/findings/?page_size=200", **office).status_code == 200
        return len(captured)

    queries()  # the token's first use of the minute also records its last use
    before = queries()
    Finding.objects.bulk_create([Finding(visit=visit, kind="strength", description=f"Tốt {n}") for n in range(20)])
    assert queries() == before


def test_an_id_that_is_no_id_is_404_everywhere(demo):
    client, office = Client(), auth(demo.users["office"])
    for url in ("/api/v1/evidence/abc/file/", "/api/v1/jobs/99999999999999999999999/file/", "/api/v1/plans/x/"):
        assert client.get(url, **office).status_code == 404, url
    assert client.post("/api/v1/plans/1e9/issue/", **office).status_code == 404
    assert client.patch("/api/v1/item-results/abc/", "{}", content_type="application/json", **office).status_code == 404
