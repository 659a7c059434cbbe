"""Real services: under CI these must run on PostgreSQL and a real Celery worker over Redis."""

import os
import subprocess

import pytest
from celery import Celery
from django.db import connection

from conftest import need_service, services_required
from tthc_inspect.tests.workers import worker_start


@pytest.mark.services
def test_database_is_postgresql_under_ci(db):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"DATABASE_URL points to {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.services
def test_a_real_worker_runs_a_task_sent_through_redis(redis_available):
    env = {
        **os.environ,
        "CELERY_BROKER_URL": redis_available,
        "CELERY_RESULT_BACKEND": redis_available,
        "DJANGO_SETTINGS_MODULE": "tthc_inspect.settings",
    }
    worker = worker_start("tthc-test-ping", f"ping-{os.getpid()}@%h", env)
    try:
        client = Celery(broker=redis_available, backend=redis_available)
        result = client.send_task("tthc_inspect.ping", queue="tthc-test-ping")
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_ci_flag_turns_missing_services_into_failures(monkeypatch):
    monkeypatch.setenv("TTHC_REQUIRE_SERVICES", "1")
    assert services_required()
    with pytest.raises(pytest.fail.Exception):
        need_service("Redis", "test")
    monkeypatch.setenv("TTHC_REQUIRE_SERVICES", "")
    with pytest.raises(pytest.skip.Exception):
        need_service("Redis", "test")
