"""Writes through the API: the pages' services and forms — conflicts as 409 with the current version,
messages in the request's language, no status field anywhere, every write in the audit trail."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.tests.helpers import auth
from findings.models import Finding, ItemResult, RemediationAction
from inspections.models import Plan

pytestmark = pytest.mark.django_db


def patch(client, url, body, headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def test_a_stale_revision_is_409_with_the_current_version(open_visit, demo):
    row = open_visit.item_results.order_by("pk").first()
    url = f"/api/v1/item-results/{row.pk}/"
    member, head = auth(demo.users["member"]), auth(demo.users["head"])
    client = Client()
    first = patch(client, url, {"result": "pass", "progress": "done", "revision": row.revision}, member)
    assert first.status_code == 200 and first.json()["revision"] == row.revision + 1
    late = patch(client, url, {"result": "fail", "note": "Thiếu", "revision": row.revision}, head)
    assert late.status_code == 409
    assert late.json()["current"] | {"updated_at": None} == first.json() | {"updated_at": None}
    stored = ItemResult.objects.get(pk=row.pk)
    assert (stored.result, stored.note, stored.updated_by) == ("pass", "", demo.users["member"])
    again = patch(client, url, {"result": "fail", "revision": late.json()["current"]["revision"]}, head)
    assert again.status_code == 200 and ItemResult.objects.get(pk=row.pk).result == "fail"


def test_the_same_save_sent_twice_is_answered_as_saved(open_visit, demo):
    row = open_visit.item_results.order_by("pk").first()
    url, member = f"/api/v1/item-results/{row.pk}/", auth(demo.users["member"])
    body = {"result": "pass", "progress": "done", "revision": row.revision}
    assert [patch(Client(), url, body, member).status_code for _ in range(2)] == [200, 200]


def test_messages_follow_the_requests_language(open_visit, demo):
    client, member = Client(), auth(demo.users["member"])
    url = f"/api/v1/visits/{open_visit.pk}/submit/"
    vi = client.post(url, **member)
    en = client.post(url, HTTP_ACCEPT_LANGUAGE="en", **member)
    assert vi.status_code == en.status_code == 400
    assert vi.json()["detail"].startswith("Còn ") and "tiêu chí chưa có kết quả" in vi.json()["detail"]
    assert en.json()["detail"].startswith("Criteria still without a result") and en["Content-Language"] == "en"
    body = {"visit": open_visit.pk, "kind": "limitation", "description": "Thiếu niêm yết"}
    refused = client.post("/api/v1/findings/", body, HTTP_ACCEPT_LANGUAGE="en", **member)
    assert refused.json()["errors"]["severity"] == ["Please choose the severity of the limitation."]
    assert not Finding.objects.filter(visit=open_visit).exists()


def test_no_status_can_be_written(demo, open_visit):
    office = auth(demo.users["office"])
    plan = demo.plan
    client = Client()
    assert patch(client, f"/api/v1/plans/{plan.pk}/", {"status": "completed"}, office).status_code == 405
    action = RemediationAction.objects.filter(status="open").order_by("pk").first()
    body = {"status": "verified", "description": "Sửa", "revision": action.revision}
    assert patch(client, f"/api/v1/actions/{action.pk}/", body, office).status_code == 200
    assert RemediationAction.objects.get(pk=action.pk).status == "open"
    row = open_visit.item_results.order_by("pk").first()
    body = {"result": "pass", "status": "closed", "visit": 1, "revision": row.revision}
    assert patch(client, f"/api/v1/item-results/{row.pk}/", body, auth(demo.users["member"])).status_code == 200
    assert Plan.objects.get(pk=plan.pk).status == plan.status and open_visit.status == "in_progress"


def test_no_request_body_of_the_schema_has_a_status(client, demo):
    schema = client.get("/api/v1/schema/?format=json", **auth(demo.users["office"])).json()
    bodies = [name for name in schema["components"]["schemas"] if name.endswith("Request")]
    assert bodies and all("status" not in schema["components"]["schemas"][n].get("properties", {}) for n in bodies)


def test_writes_are_audited_as_from_the_pages(open_visit, demo, client):
    row = open_visit.item_results.order_by("pk").first()
    body = {"result": "partial", "progress": "doing", "revision": row.revision}
    assert patch(Client(), f"/api/v1/item-results/{row.pk}/", body, auth(demo.users["member"])).status_code == 200
    record = ItemResult.history.filter(id=row.pk).order_by("-history_id").first()
    assert (record.result, record.history_user) == ("partial", demo.users["member"])
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:audit_object", kwargs={"slug": "ket-qua", "pk": row.pk}))
    assert page.status_code == 200 and "Đạt một phần" in page.content.decode()


def test_a_read_token_writes_nothing(open_visit, demo):
    row = open_visit.item_results.order_by("pk").first()
    body = {"result": "pass", "progress": "done", "revision": row.revision}
    response = patch(Client(), f"/api/v1/item-results/{row.pk}/", body, auth(demo.users["member"], ApiToken.Scope.READ))
    assert response.status_code == 403 and ItemResult.objects.get(pk=row.pk).revision == row.revision


def test_an_unknown_document_kind_is_400(demo):
    response = Client().post("/api/v1/jobs/", {"kind": "bogus", "plan": demo.plan.pk}, **auth(demo.users["office"]))
    assert response.status_code == 400 and "kind" in response.json()["errors"]
