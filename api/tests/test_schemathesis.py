"""Schemathesis runs the OpenAPI schema against the live test server: for every operation, cases
generated from the schema, as the office (read-write token); no 500, and every answer whose status the
schema documents matches its documented body. Bounded: ``EXAMPLES`` cases per operation, twice for
an operation on one object (a generated id, then an existing one): about a minute on 2 cores."""

import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.tests.helpers import token_key
from api.throttling import TokenRateThrottle
from reports.models import Kind
from reports.services import document_request

EXAMPLES = 6
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def run_operation(operation, headers: dict, tally: dict, path_parameters=None) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases on every run: a failure is reproducible
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(path_parameters=path_parameters))
    def run(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS, timeout=60)
        tally[response.status_code] = tally.get(response.status_code, 0) + 1

    run()


def existing_id(base: str, path: str, headers: dict) -> int:
    listing = requests.get(base + path.split("{id}")[0], headers=headers, timeout=60).json()
    return listing["results"][0]["id"] if listing["results"] else None


def test_the_schema_holds_against_the_live_server(live_server, transactional_db, demo, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "100000/minute"})
    office = demo.users["office"]
    document_request(plan=demo.plan, kind=Kind.MINUTES, visit=demo.visit("Ngọc Hồi"), user=office)  # a document
    headers = {"Authorization": f"Bearer {token_key(office)}"}
    url = f"{live_server.url}/api/v1/schema/?format=json"
    schema = schemathesis.openapi.from_url(url, headers=headers, timeout=60)
    operations = [result.ok() for result in schema.get_all_operations()]
    tally: dict[int, int] = {}
    started = time.monotonic()
    for operation in operations:
        run_operation(operation, headers, tally)  # ids as generated: mostly objects that do not exist
        found = existing_id(live_server.url, operation.path, headers) if "{id}" in operation.path else None
        if found is not None:  # and an object that exists, so bodies reach the forms and services
            run_operation(operation, headers, tally, {"id": found})
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {sum(tally.values())} cases, {elapsed:.0f} s, {tally}")
    assert len(operations) >= 45 and 500 not in tally
    assert tally.get(200, 0) > len(operations)  # most operations answered something real


pytestmark = pytest.mark.django_db(transaction=True)
