"""Notices through a real Celery worker over Redis: a worker killed while sending loses no e-mail and
sends none twice (the notice row is the outbox; the sweep gives a dead worker's e-mail back).

PostgreSQL (the worker must see the test database) and Redis are needed; locally the test skips
without them, under CI (TTHC_REQUIRE_SERVICES=1) it fails.
"""

import contextlib
import email
import time
import uuid

import pytest
from django.db import transaction

from conftest import make_user
from findings import services as visit_services
from findings.models import ItemResult
from findings.tests import conftest as findings_fixtures
from notices import services
from notices.models import Kind, Notification
from reports.tests import conftest as worker_fixtures
from reports.tests.conftest import celery_broker, ensure_role_groups, redis_db, require_postgresql, wait_for
from units.models import Official
from units.roles import Role

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("celery-worker")]
workers = worker_fixtures.workers
open_visit = findings_fixtures.open_visit
REDIS_DB = 5  # this branch's own Redis database


@pytest.fixture
def broker(redis_available, transactional_db):
    require_postgresql()
    ensure_role_groups()
    return redis_db(redis_available, REDIS_DB)


@pytest.fixture
def queue(settings, broker):
    name = f"tthc-test-notices-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    yield name
    import redis

    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(broker, socket_timeout=2, socket_connect_timeout=1)
        for key in client.scan_iter(match=f"*{name}*"):
            client.delete(key)


def mails(folder) -> list:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.log"))]


def test_a_worker_killed_while_sending_leads_to_exactly_one_mail_per_recipient(
    broker, queue, workers, demo, open_visit, tmp_path
):
    deputy = make_user("deputy", Role.TEAM_MEMBER, demo.users["head"].official.agency, "Phó đoàn")
    deputy.official.delete()
    Official.objects.filter(full_name="Trần Thị B").update(user=deputy)
    for user, address in ((demo.users["head"], "head@kontum.gov.vn"), (deputy, "deputy@kontum.gov.vn")):
        user.email = address
        user.save(update_fields=["email"])
    env = {"EMAIL_BACKEND": "file", "EMAIL_FILE_PATH": str(tmp_path), "SITE_URL": "https://kiemtra.example"}
    slow = workers(broker, queue, env={**env, "NOTICES_TEST_SEND_DELAY": "60"})
    ItemResult.objects.filter(visit=open_visit).update(result="pass")
    with celery_broker(broker):
        with transaction.atomic():
            visit_services.visit_submit(visit=open_visit, user=demo.users["member"])
        sent = Notification.objects.filter(kind=Kind.VISIT_SUBMITTED)
        assert sorted(sent.values_list("user__username", flat=True)) == ["deputy", "head"]
        wait_for(
            lambda: sent.filter(email_status="sending").exists(),
            timeout=60,
            message="the slow worker to be sending the first e-mail",
        )
        slow.kill()
        assert mails(tmp_path) == []
        # Beat's sweep finds the e-mail whose worker died (stale_after=0 instead of two minutes).
        assert services.emails_sweep(stale_after=0, resend_after=0)["requeued"] == 1
        workers(broker, queue, env=env)
        wait_for(lambda: sent.filter(email_status="sent").count() == 2, timeout=60, message="a new worker to send both")
    time.sleep(1)  # a late duplicate delivery would claim nothing and send nothing
    received = mails(tmp_path)
    assert sorted(m["To"] for m in received) == ["deputy@kontum.gov.vn", "head@kontum.gov.vn"]
    assert all(
        "UBND huyện Ngọc Hồi" in str(email.header.make_header(email.header.decode_header(m["Subject"])))
        for m in received
    )
    assert all(m.is_multipart() for m in received)
    assert sent.get(user__username="head").email_attempts in (1, 2)
