"""The load suite's per-request cost (tthc_inspect/request_cost.py): CPU and SQL time in Server-Timing."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

TIMING = re.compile(r"^cpu;dur=(?P<cpu>[\d.]+), sql;dur=(?P<sql>[\d.]+), queries;dur=(?P<queries>\d+)$")


def signed_in_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("do", password="x-2026-secret"))
    return client


@pytest.mark.django_db
def test_each_response_says_its_cpu_and_sql_time_when_the_bench_asks(settings):
    settings.REQUEST_COST = True
    client = signed_in_client()  # a new client loads the middleware with the setting on
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/viec-cua-toi/")
    assert response.status_code == 200
    timing = TIMING.match(response["Server-Timing"])
    assert timing, response["Server-Timing"]
    assert int(timing["queries"]) == len(queries) > 0  # every query of the request, counted once
    assert float(timing["cpu"]) > 0 and float(timing["sql"]) > 0


@pytest.mark.django_db
def test_production_does_not_say_how_long_the_server_worked():
    response = signed_in_client().get("/viec-cua-toi/")
    assert response.status_code == 200 and "Server-Timing" not in response
