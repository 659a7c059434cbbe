"""Four offices press "Ban hành" at once: one final version, three clear refusals, no "database is locked".

Issue 13: on the embedded SQLite default, four finalize requests at once gave three HTTP 500s
("database is locked"): each transaction began by reading, then all wanted to write, and SQLite
refuses such a lock upgrade at once instead of waiting. The settings now begin SQLite
transactions IMMEDIATE with a busy timeout, so writers queue. The requests run in threads, each
with its own database connection, on the committed test database (a file on SQLite; PostgreSQL
when DATABASE_URL says so). The test fails without those settings.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from reports import services
from reports.models import DocumentVersion, Kind
from reports.tests.conftest import ensure_role_groups

ISSUED = "Đã gửi yêu cầu tạo văn bản"
NO_DRAFT = "Không có dự thảo để ban hành"
AT_ONCE = 4


@pytest.fixture
def committed(transactional_db):
    ensure_role_groups()


def test_four_finalize_requests_at_once_give_one_final_version_and_no_error(committed, demo):
    office = demo.users["office"]
    document = services.document_request(plan=demo.plan, kind=Kind.REPORT, user=office).version.document
    url = reverse("reports:document_finalize", args=[document.pk])
    form = {"number": "15", "issued_on": "26/08/2020", "signer_name": "Nguyễn Văn A", "signer_position": "Chủ tịch"}
    clients = [Client() for _ in range(AT_ONCE)]
    for client in clients:
        client.force_login(office)
    start = threading.Barrier(AT_ONCE)
    answers: dict[int, object] = {}

    def press(number: int) -> None:
        try:
            start.wait(timeout=10)
            answers[number] = clients[number].post(url, form)
        except Exception as exc:  # the test client re-raises a view's exception: record it as the answer
            answers[number] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=press, args=(n,)) for n in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = {n: repr(a) for n, a in answers.items() if not hasattr(a, "status_code") or a.status_code != 302}
    assert len(answers) == AT_ONCE and not errors, errors
    assert DocumentVersion.objects.filter(document=document, status=DocumentVersion.Status.FINAL).count() == 1
    pages = [client.get(answers[n]["Location"]).content.decode() for n, client in enumerate(clients)]
    assert sum(ISSUED in page for page in pages) == 1
    assert sum(NO_DRAFT in page for page in pages) == AT_ONCE - 1
