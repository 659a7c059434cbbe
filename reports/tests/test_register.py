"""Sổ đăng ký văn bản đi: numbers per issuing body, type and year, from 01, no gap and no duplicate.

The concurrent test finalises six Biên bản (same body, type BB, year 2020) from six threads at once,
each with its own database connection on the committed test database (PostgreSQL under CI).
"""

import datetime
import threading

import pytest
from django.db import connections

from reports import services
from reports.models import DocumentVersion, Kind, RegisterEntry
from reports.tests.conftest import ensure_role_groups

AT_ONCE = 6
DAY = datetime.date(2020, 8, 26)


@pytest.fixture
def no_render(monkeypatch):
    monkeypatch.setattr(services, "job_enqueue", lambda job_id: True)


def _draft(demo, visit, kind=Kind.MINUTES):
    return services.document_request(plan=demo.plan, kind=kind, visit=visit, user=demo.users["office"]).version


def _finalize(demo, version, *, day=DAY, number=None):
    job = services.document_finalize(
        document=version.document,
        user=demo.users["office"],
        issued_on=day,
        signer_name="Nguyễn Văn A",
        signer_position="Trưởng đoàn",
        number=number,
    )
    return DocumentVersion.objects.get(pk=job.version_id)


def test_numbers_follow_the_register_per_type_and_restart_each_january(demo, no_render):
    visits = list(demo.plan.visits.order_by("pk"))
    first = _finalize(demo, _draft(demo, visits[0]))
    second = _finalize(demo, _draft(demo, visits[1]))
    notice = _finalize(demo, _draft(demo, visits[0], Kind.CONCLUSION))
    next_year = _finalize(demo, _draft(demo, visits[2]), day=datetime.date(2021, 1, 4))
    assert (first.number, second.number, notice.number, next_year.number) == (1, 2, 1, 1)
    with pytest.raises(services.DocumentError, match="đã có trong sổ đăng ký"):
        _finalize(demo, _draft(demo, visits[3]), number=2)
    assert not DocumentVersion.objects.filter(document__visit=visits[3], status="final").exists()
    assert _finalize(demo, _draft(demo, visits[3])).number == 3  # the refused one left no gap


@pytest.fixture
def committed(transactional_db):
    ensure_role_groups()


def test_concurrent_finalisations_get_consecutive_numbers_without_gap_or_duplicate(committed, demo, no_render):
    visits = list(demo.plan.visits.order_by("pk"))[:AT_ONCE]
    drafts = [_draft(demo, visit) for visit in visits]
    start = threading.Barrier(len(drafts))
    errors: list[str] = []

    def press(version) -> None:
        try:
            start.wait(timeout=10)
            _finalize(demo, version)
        except Exception as exc:  # recorded: the assertion below shows it
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    numbers = sorted(RegisterEntry.objects.filter(counter__type_code="BB").values_list("number", flat=True))
    print(f"Register on {connections['default'].vendor}: BB numbers {numbers}")
    assert numbers == list(range(1, len(drafts) + 1))
    finals = DocumentVersion.objects.filter(document__kind=Kind.MINUTES, status="final")
    assert sorted(finals.values_list("number", flat=True)) == numbers
