"""Helpers for report tests: the Celery app pointed at a given broker, and a real worker subprocess."""

import contextlib
import datetime
import os
import signal
import subprocess
import uuid

import pytest
from django.conf import settings
from django.db import connection

from conftest import need_service
from reports.documents.common import DocumentParams
from reports.models import Document, Kind, RenderJob
from tests.faults.processes import wait_until as wait_for  # noqa: F401  (the worker tests import it from here)
from tthc_inspect.tests.workers import worker_start

KON_TUM_DATE = datetime.date(2020, 8, 26)


def final_params(**extra) -> DocumentParams:
    base = {"issued_on": KON_TUM_DATE, "final": True, "number": 15, "signer_name": "Nguyễn Văn A"}
    return DocumentParams(**{**base, **extra})


@pytest.fixture
def report_document(demo) -> Document:
    return Document.objects.create(kind=Kind.REPORT, plan=demo.plan)


@pytest.fixture
def final_report(demo, django_capture_on_commit_callbacks):
    """The Kon Tum Báo cáo issued (number 01 from the register), its PDF/A with empty signature fields rendered."""
    from reports.tests.signing_helpers import finalize

    return finalize(demo, django_capture_on_commit_callbacks)


def ensure_role_groups() -> None:
    """Transactional tests flush the tables, and with them the role groups a data migration created."""
    from django.contrib.auth.models import Group

    from units.roles import GROUP_NAMES

    for name in GROUP_NAMES.values():
        Group.objects.get_or_create(name=name)


def _reset_pools(app) -> None:
    # Drop the references only: kombu keeps pools in a registry keyed by connection, and
    # closing the memory:// pool here would break the eager tasks of later tests.
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str):
    """Send tasks to ``url`` for real (not eagerly) inside the block; restore the test configuration after."""
    from tthc_inspect.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    _reset_pools(app)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        _reset_pools(app)
        app.conf.update(saved)


def redis_db(url: str, number: int = 14) -> str:
    """The same Redis server on a dedicated database number."""
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{number}"


def require_postgresql() -> None:
    """A worker subprocess must see the test's database, which SQLite keeps in memory."""
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", "a worker subprocess needs the test database on PostgreSQL (set DATABASE_URL)")


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    """A real ``celery worker`` (solo pool) on its own queue, using the test's database and media folder."""

    def __init__(self, broker: str, queue: str, *, delay: int = 0, env: dict | None = None):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tthc_inspect.settings",
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "REPORTS_TEST_RENDER_DELAY": str(delay),
            "LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        env.pop("CELERY_RESULT_BACKEND", None)
        self.process = worker_start(queue, f"{queue}-{uuid.uuid4().hex[:6]}@%h", env, start_new_session=True)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.stdout.read() if self.process.stdout else ""


@pytest.fixture
def workers():
    """Start workers with ``workers(broker, queue, delay=...)``; all are stopped after the test."""
    started: list[Worker] = []

    def start(broker: str, queue: str, *, delay: int = 0, env: dict | None = None) -> Worker:
        worker = Worker(broker, queue, delay=delay, env=env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        output = worker.stop()
        print(f"--- worker output ---\n{output[-4000:]}")  # shown by pytest only when the test failed


@pytest.fixture
def test_queue(settings):
    """A queue of this test's own; afterwards only its keys are removed from the broker's database.

    Not FLUSHDB: tests on the other xdist worker may be using the same Redis database, and
    flushing it once dropped their queued message (the job then waited forever for a worker).
    """
    queue = f"tthc-test-reports-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    yield queue
    import redis

    from conftest import redis_url

    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(redis_db(redis_url(), 14), socket_timeout=2, socket_connect_timeout=1)
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)


def job_status(job_id: int) -> str:
    return RenderJob.objects.values_list("status", flat=True).get(pk=job_id)
