"""Walks the REST API table of docs/access-control.md: every operation of the OpenAPI schema has a
row, and every row holds for every persona (a token of theirs; anonymous: none).

A list row says whether the object is among the results (``200``) or not (``200∅``); a refused
request writes nothing (row counts of every table unchanged).
"""

import json
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from api.tests.helpers import auth
from checklists.services import checklist_default
from findings.models import Evidence
from tests.effects import grown, row_counts
from tests.security import test_access_control as pages
from tests.security.test_access_control import PERSONAS, World

TABLE = Path(__file__).resolve().parents[2] / "docs" / "access-control.md"
API = "/api/v1/"


def read_api_table() -> dict[tuple[str, str], dict]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 + len(PERSONAS) and cells[0].startswith(API):
            rows[(cells[0], cells[1])] = dict(zip(PERSONAS, cells[3:], strict=True))
    return rows


API_ROWS = read_api_table()


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(path, method.upper()) for path, item in schema["paths"].items() for method in item}


def test_every_api_operation_has_a_row():
    operations = schema_operations()
    assert sorted(operations - set(API_ROWS)) == [], "add these operations to docs/access-control.md"
    assert sorted(set(API_ROWS) - operations - {(f"{API}schema/", "GET")}) == [], "rows for no operation"


def _final_minutes(w: World):
    return w.minutes_job(final=True).version


READ_OBJECTS = {
    "areas": lambda w: w.visit.agency.area,
    "agencies": lambda w: w.visit.agency,
    "officials": lambda w: w.demo.users["liaison"].official,
    "plans": lambda w: w.plan,
    "decisions": lambda w: w.plan.decisions.get(),
    "visits": lambda w: w.visit,
    "checklists": lambda w: checklist_default(),
    "item-results": lambda w: w.visit.item_results.order_by("pk").first(),
    "findings": lambda w: w.visit.findings.order_by("pk").first(),
    "evidence": lambda w: Evidence.objects.filter(visit=w.visit).order_by("pk").first(),
    "actions": lambda w: w.open_action(),
    "documents": lambda w: w.minutes_job().version.document,
    "versions": _final_minutes,
    "jobs": lambda w: w.minutes_job(),
    "schema": lambda w: None,
}


# A write row and the page row doing the same write: same set-up, same state read before and after,
# same effect expected (tests/security/test_access_control.py), the body translated for the API.
PAGE_ROW = {
    ("/api/v1/plans/{id}/issue/", "POST"): "inspections:plan_issue",
    ("/api/v1/plans/{id}/start/", "POST"): "inspections:plan_start",
    ("/api/v1/plans/{id}/complete/", "POST"): "inspections:plan_complete",
    ("/api/v1/visits/{id}/start/", "POST"): "findings:visit_start",
    ("/api/v1/visits/{id}/submit/", "POST"): "findings:visit_submit",
    ("/api/v1/visits/{id}/return/", "POST"): "findings:visit_return",
    ("/api/v1/visits/{id}/close/", "POST"): "findings:visit_close",
    ("/api/v1/item-results/{id}/", "PATCH"): "findings:item_result_save",
    ("/api/v1/findings/", "POST"): "findings:finding_create",
    ("/api/v1/findings/{id}/", "DELETE"): "findings:finding_delete",
    ("/api/v1/actions/{id}/", "PATCH"): "findings:action_edit",
    ("/api/v1/actions/{id}/report/", "POST"): "findings:action_report",
    ("/api/v1/actions/{id}/verify/", "POST"): "findings:action_verify",
    ("/api/v1/actions/{id}/return/", "POST"): "findings:action_return",
    ("/api/v1/actions/{id}/extension/", "POST"): "findings:extension_request",
    ("/api/v1/jobs/", "POST"): "reports:visit_document_request",
    ("/api/v1/jobs/{id}/retry/", "POST"): "reports:job_retry",
}
FINDING_EDIT = ("/api/v1/findings/{id}/", "PATCH")
# The pages' effect readers plus the one write the pages have no row for (copies: the page table's
# own test checks that its readers match its rows).
STATE = {**pages.STATE, FINDING_EDIT: lambda w, kw: pages.values(pages.Finding, kw["pk"], "description")}
DONE = {**pages.DONE, FINDING_EDIT: lambda b, a, user: a == {"description": "Sửa"}}


def api_body(name: str, kwargs: dict, data: dict) -> dict:
    if name == "findings:item_result_save":
        revision = next(v for k, v in data.items() if k.endswith("revision"))
        return {"result": "pass", "progress": "done", "revision": revision}
    if name == "findings:finding_create":
        return {**data, "visit": kwargs["visit_pk"]}
    if name == "findings:action_edit":
        return {**data, "deadline": "2020-10-30"}  # ISO dates too
    if name == "reports:visit_document_request":
        return {"kind": kwargs["kind"], "visit": kwargs["visit_pk"]}
    return data


def build_write(path: str, method: str, w: World) -> tuple[str, dict, dict]:
    if (path, method) == FINDING_EDIT:
        kwargs, _data = pages.build("findings:finding_delete", w)
        pages.Finding.objects.filter(pk=kwargs["pk"]).update(created_by=w.demo.users["member"])  # as recorded
        finding = pages.Finding.objects.get(pk=kwargs["pk"])
        return path.replace("{id}", str(finding.pk)), {"description": "Sửa", "revision": finding.revision}, kwargs
    name = PAGE_ROW[(path, method)]
    kwargs, data = pages.build(name, w)
    return path.replace("{id}", str(kwargs.get("pk"))), api_body(name, kwargs, data), kwargs


def build(path: str, method: str, w: World) -> tuple[str, dict, object]:
    """(url, JSON body, the object) for a read row, after putting the world in the row's state."""
    resource = path[len(API) :].split("/")[0]
    obj = READ_OBJECTS[resource](w)
    url = path.replace("{id}", str(obj.pk)) if obj is not None else path
    return url, {}, obj


def check_list(response, obj, expected: str):
    ids = [row["id"] for row in response.json()["results"]]
    assert (obj.pk in ids) == (expected == "200"), (
        f"object {obj.pk} {'missing from' if obj.pk not in ids else 'in'} list"
    )


READS = sorted(row for row in API_ROWS if row[1] == "GET")
WRITES = sorted(row for row in API_ROWS if row[1] != "GET")


def test_every_write_row_says_what_it_writes():
    assert set(WRITES) == set(PAGE_ROW) | {FINDING_EDIT}


def call(client, method: str, url: str, body: dict, headers: dict):
    if "file" in body:  # the remediation report: multipart, as a browser or a script sends a file
        return client.post(url, body, **headers)
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("row", READS, ids=lambda r: f"{r[1]} {r[0]}")
def test_api_read_access(client, demo, personas, django_capture_on_commit_callbacks, row, who):
    path, method = row
    expected = API_ROWS[row][who]
    world = World(demo, personas, django_capture_on_commit_callbacks, who)
    url, _body, obj = build(path, method, world)
    headers = auth(personas[who])
    counts = row_counts()
    response = client.get(url, {} if "{id}" in path else {"page_size": 200}, **headers)
    code = int(expected.rstrip("∅"))
    assert response.status_code == code, f"{method} {path} as {who}: {response.status_code}, table says {expected}"
    assert grown(counts, row_counts()) == {}, f"{method} {path} as {who} wrote rows"
    if code == 200 and "{id}" not in path and obj is not None:
        check_list(response, obj, expected)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("row", WRITES, ids=lambda r: f"{r[1]} {r[0]}")
def test_api_write_access(client, demo, personas, django_capture_on_commit_callbacks, row, who):
    path, method = row
    expected = API_ROWS[row][who]
    world = World(demo, personas, django_capture_on_commit_callbacks, who)
    url, body, kwargs = build_write(path, method, world)
    state = STATE[PAGE_ROW.get(row, row)]
    headers = auth(personas[who])
    before, counts = state(world, kwargs), row_counts()
    response = call(client, method, url, body, headers)
    after = state(world, kwargs)
    code = int(expected)
    assert response.status_code == code, f"{method} {path} as {who}: {response.status_code} {response.content[:300]}"
    if code >= 400:
        assert after == before, f"{method} {path} as {who} changed {before} → {after}"
        assert grown(counts, row_counts()) == {}, f"{method} {path} as {who} wrote rows"
    else:
        assert DONE[PAGE_ROW.get(row, row)](before, after, personas[who]), f"{path} as {who}: {before} → {after}"
