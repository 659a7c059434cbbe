"""Fixtures of the fault tests: private Redis, Celery processes on the test database, a slow-fault switch.

Faults 1, 3 and 6 (and the backup/restore test) run in CI; faults 2, 4 and 5 each take minutes and
run with ``TTHC_SLOW_FAULTS=1`` (marker ``slow_faults``). All need PostgreSQL (a worker subprocess
must see the test database) and skip locally without it; under CI a missing service fails.
"""

import os
import uuid
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from reports.tests.conftest import database_url, ensure_role_groups, require_postgresql
from tests.faults.processes import Celery, PrivateRedis, service_env

SLOW = os.environ.get("TTHC_SLOW_FAULTS", "") == "1"


def slow_faults(test):
    """Mark a fault test that takes minutes: it runs only with TTHC_SLOW_FAULTS=1 (CI skips it)."""
    test = pytest.mark.slow_faults(test)
    return pytest.mark.skipif(not SLOW, reason="slow fault test: run with TTHC_SLOW_FAULTS=1")(test)


@pytest.fixture
def private_redis():
    """A Redis of this test only, on a free port; stopped whatever happens."""
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Services:
    """What a fault test starts against the test database; ``cleanup`` stops every process it started."""

    redis: PrivateRedis
    queue: str
    started: list[Celery] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        return service_env(
            database_url=database_url(),
            broker=self.redis.url,
            queue=self.queue,
            media_root=str(settings.MEDIA_ROOT),
            DATABASE_CONN_MAX_AGE="0",
            **extra,
        )

    def worker(self, *, delay: int = 0, concurrency: int = 1) -> Celery:
        """A prefork worker like production's; ``delay`` makes each render sleep that long before WeasyPrint."""
        worker = Celery("worker", self.env(REPORTS_TEST_RENDER_DELAY=str(delay)), concurrency=concurrency)
        self.started.append(worker)
        return worker.start()

    def beat(self) -> Celery:
        """Celery beat with the production schedule: the report sweep every 60 s."""
        beat = Celery("beat", self.env())
        self.started.append(beat)
        return beat.start()

    def logs(self) -> str:
        return "\n".join(f"--- {c.kind} ---\n{c.output()[-3000:]}" for c in self.started)

    def cleanup(self) -> None:
        for process in self.started:
            process.cleanup()


@pytest.fixture
def services(private_redis, transactional_db, settings):
    """Celery processes on a private Redis and a fresh queue, sharing the test database and media folder."""
    require_postgresql()
    ensure_role_groups()
    queue = f"tthc-fault-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    started = Services(redis=private_redis, queue=queue)
    try:
        yield started
    finally:
        started.cleanup()
