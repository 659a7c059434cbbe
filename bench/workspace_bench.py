"""Benchmark the inspector's workspace: the visit page, the save of one item and of one finding.

Scenario (issue 3): one visit with 200 checklist items and 50 photos, on PostgreSQL.
Measures server time in-process with Django's test client (no network), after a
warm-up, and prints median and p95 in milliseconds, the median CPU time of this thread (what the
request costs the server, steadier than latency on a shared machine) and the SQL query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthc_bench .venv/bin/python bench/workspace_bench.py

The database named in DATABASE_URL is dropped and recreated.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tthc_bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
# Production settings: DEBUG off (no query log, no debug context).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", base, "-qc", sql], check=True)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    visit, member = prepare_visit()
    results = measure(visit, member)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"commit {commit}, {connection.vendor}, {ROUNDS} rounds, 200 items, 50 photos")
    print("| request | median ms | p95 ms | CPU ms (median) | SQL queries |")
    print("|---|---:|---:|---:|---:|")
    for name, timings, queries in results:
        times, cpu = [t[0] for t in timings], [t[1] for t in timings]
        print(
            f"| {name} | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | "
            f"{statistics.median(cpu):.1f} | {len(queries.captured_queries)} |"
        )


def prepare_visit():
    """The demo's Ngọc Hồi visit in progress with 200 items and 50 photos, and the team member recording it."""
    from checklists.models import ChecklistItem
    from demo.kontum import demo_load
    from findings.models import ItemResult
    from findings.services import evidence_upload
    from findings.tests.conftest import image_upload
    from inspections.models import Visit

    result = demo_load(area_provinces=[62])
    visit = result.plan.visits.get(agency__name__contains="Ngọc Hồi")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)  # reopened for the bench
    visit.refresh_from_db()
    section = ChecklistItem.objects.filter(section__template=visit.checklist).first().section
    existing = visit.item_results.count()
    extra = ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(section=section, order=100 + i, code=f"B.{i}", text=f"Tiêu chí bổ sung {i} " * 3)
            for i in range(200 - existing)
        ]
    )
    ItemResult.objects.bulk_create([ItemResult(visit=visit, item=item) for item in extra])
    member = result.plan.decisions.get().members.get(official__user__username="member").official.user
    for index in range(50 - visit.evidence.count()):
        evidence_upload(visit=visit, user=member, upload=image_upload(size=(1600, 1200)), caption=f"Ảnh {index}")
    assert visit.item_results.count() == 200 and visit.evidence.count() == 50
    return visit, member


def timed(request) -> tuple[float, float]:
    """(wall ms, this thread's CPU ms) of one request; ``request()`` returns the response to check."""
    start, cpu_start = time.perf_counter(), time.thread_time()
    request()
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu_start) * 1000


def finding_saver(client, visit, rows):
    """A function that saves finding number ``index``, a limitation about one item, as the load suite's
    "save: finding" sends it (no photo), and returns its timing."""
    from django.urls import reverse

    finding_url = reverse("findings:finding_create", args=[visit.pk])

    def timed_finding(index):
        data = {"kind": "limitation", "item": rows[index % len(rows)].item_id, "severity": "medium"}
        data |= {"description": f"Hồ sơ chưa đầy đủ thành phần ({index}).", "revision": 0}

        def post():
            response = client.post(finding_url, data, HTTP_HX_REQUEST="true", secure=True)
            assert response.status_code == 200 and f"({index})" in response.content.decode()

        return timed(post)

    return timed_finding


def measure(visit, member) -> list:
    """[(request, [(wall ms, CPU ms)], captured queries)] for the visit page and the htmx saves, after a warm-up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(member)
    page_url = reverse("findings:workspace", args=[visit.pk])
    rows = list(visit.item_results.order_by("pk"))

    def get():
        response = client.get(page_url, secure=True)
        assert response.status_code == 200

    def timed_get():
        return timed(get)

    def timed_save(index):
        row = rows[index % len(rows)]
        row.refresh_from_db()
        data = {
            f"r{row.pk}-result": "pass",
            f"r{row.pk}-progress": "done",
            f"r{row.pk}-note": f"Lần {index}",
            f"r{row.pk}-revision": row.revision,
        }
        url = reverse("findings:item_result_save", args=[row.pk])

        def post():
            response = client.post(url, data, HTTP_HX_REQUEST="true", secure=True)
            assert response.status_code == 200 and "Đã lưu." in response.content.decode()

        return timed(post)

    timed_finding = finding_saver(client, visit, rows)

    for _ in range(5):
        timed_get()
        timed_save(0)
    page_times = [timed_get() for _ in range(ROUNDS)]
    save_times = [timed_save(i) for i in range(ROUNDS)]
    finding_times = [timed_finding(i) for i in range(ROUNDS)]
    with CaptureQueriesContext(connection) as page_queries:
        client.get(page_url, secure=True)
    with CaptureQueriesContext(connection) as save_queries:
        timed_save(1)
    with CaptureQueriesContext(connection) as finding_queries:
        timed_finding(ROUNDS)
    return [
        ("GET visit page", page_times, page_queries),
        ("POST save one item (htmx)", save_times, save_queries),
        ("POST save one finding (htmx)", finding_times, finding_queries),
    ]


if __name__ == "__main__":
    main()
