"""Benchmark the dashboards on PostgreSQL with the national synthetic data set, served by gunicorn.

    .venv/bin/python bench/dashboard_bench.py [--setup] [--seconds 30]

``--setup`` drops and recreates the database ``tthc_dash`` and loads it with
``manage.py generate_data`` at its default size (34 provinces, ~3,000 agencies, 7 years,
100,000 findings, 20,000 actions). Then, for each page: gunicorn (4 sync workers, 127.0.0.1
only, DEBUG off) serves it to locust, headless, first 1 user then 10 users, each for
``--seconds`` (``--cache-seconds`` sets DASHBOARD_CACHE_SECONDS for gunicorn: 0, the default
here, measures the pages uncached); in the same run the page's own SQL (captured once through Django's test client)
is executed alone, round after round, for the same time. Prints a Markdown table of medians and
p95s, and EXPLAIN excerpts of the main aggregates. Traffic goes to loopback only.
"""

import argparse
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tthc_dash"
PORT = 8765
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}
PAGES = [
    ("overview, year 2024", "/tong-hop/?year=2024"),
    ("overview, year 2024, UBND, province of Kon Tum (pre-2025)", "/tong-hop/?year=2024&kind=ubnd&area={kon_tum}"),
    ("drill-down: visits, year 2024, section 3", "/tong-hop/cuoc-kiem-tra/?year=2024&section=3"),
    ("drill-down: overdue actions, all years", "/tong-hop/khac-phuc/?year=&state=overdue"),
]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def setup_database() -> None:
    for sql in ("DROP DATABASE IF EXISTS tthc_dash", "CREATE DATABASE tthc_dash"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=ENV, check=True)
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "generate_data"], cwd=ROOT, env=ENV, check=True)
    # Fresh statistics after the bulk load, so autovacuum does not run during the measurements.
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "tthc_dash", "-qc", "VACUUM (ANALYZE)"], check=True
    )
    print(f"generate_data (default size): {time.monotonic() - started:.0f} s wall clock\n")


def django_setup():
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def office_session() -> str:
    from django.contrib.auth.models import Group, User
    from suite_fixtures import session_for  # bench/, beside this script

    from units.roles import GROUP_NAMES, Role

    user, _ = User.objects.get_or_create(username="bench_office")
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.OFFICE])[0])
    return session_for(user)


def page_sql(path: str, session_key: str) -> list[str]:
    """The SELECTs one request of ``path`` runs (session and user included), as sent to PostgreSQL."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    statements = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("DECLARE"):
            sql = sql[sql.index(" FOR ") + 5 :]  # a chunked iterator's cursor: time the SELECT itself
        if sql.lstrip().upper().startswith("SELECT"):
            statements.append(sql)
    return statements


def time_sql(statements: list[str], seconds: float) -> list[float]:
    from django.db import connection

    timings = []
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def start_gunicorn():
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "tthc_inspect.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def locust(path: str, session_key: str, users: int, seconds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "run")
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(ROOT / "bench" / "dashboard_locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                prefix,
                "--loglevel",
                "WARNING",
            ],
            env={**ENV, "BENCH_PATH": path, "BENCH_SESSION": session_key},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", newline="") as handle:
            row = next(r for r in csv.DictReader(handle) if r["Name"] == "page")
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "median": float(row["Median Response Time"]),
        "p95": float(row["95%"]),
        "rps": float(row["Requests/s"]),
    }


def explain_excerpts() -> str:
    """EXPLAIN ANALYZE of the overview's two largest aggregates, index lines only."""
    from django.contrib.auth.models import User
    from django.db.models import Sum
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from reports.dashboards import selectors
    from reports.dashboards.filters import Scope

    user = User.objects.get(username="bench_office")
    scope = Scope(year=2024)
    sums = {field: Coalesce(Sum(field), 0) for field in selectors.RESULT_FIELDS.values()}
    queries = {
        "tallies summed per agency, year 2024, as agency_compliance sums them": selectors.tallies_for(
            user=user, scope=scope
        )
        .order_by()
        .values("visit__agency_id")
        .annotate(visits=selectors.Count("visit_id", distinct=True), **sums),
        "visits drill-down, year 2024, page 1": selectors.visit_list(user=user, scope=scope, drill={})[:50],
        "limitations by item (year 2024)": selectors.findings_for(user=user, scope=scope)
        .filter(kind="limitation")
        .values("item__code")
        .annotate(n=selectors.Count("pk")),
        "overdue actions, page 1": selectors.action_list(
            user=user, scope=Scope(), drill={"state": "overdue"}, today=timezone.localdate()
        )[:50],
    }
    out = []
    for name, queryset in queries.items():
        plan = queryset.explain(analyze=True)
        keep = ("Index", "Seq Scan", "Execution Time")
        lines = [line.rstrip() for line in plan.splitlines() if any(k in line for k in keep)]
        out.append(f"-- {name}\n" + "\n".join(lines))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", action="store_true", help="recreate tthc_dash and run generate_data")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--explain-only", action="store_true", help="print the EXPLAIN excerpts and stop")
    parser.add_argument("--cache-seconds", type=int, default=0, help="DASHBOARD_CACHE_SECONDS; 0 = uncached")
    args = parser.parse_args()
    ENV["DASHBOARD_CACHE_SECONDS"] = str(args.cache_seconds)
    if args.setup:
        setup_database()
    django_setup()
    from django.db import connection
    from django.utils import timezone

    from findings.models import Finding, RemediationAction
    from units.models import AdminArea, Agency

    session_key = office_session()
    if args.explain_only:
        print("```\n" + explain_excerpts() + "\n```")
        return
    kon_tum = AdminArea.objects.get(edition="pre2025", level="province", code=62).pk
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"Run {timezone.localdate():%d/%m/%Y}, commit `{commit.stdout.strip()}`, PostgreSQL "
        f"{connection.pg_version // 10000}, data: {Agency.objects.count()} agencies, "
        f"{Finding.objects.count()} findings, {RemediationAction.objects.count()} actions; "
        f"{args.seconds} s per scenario; dashboard cache: "
        f"{'off' if args.cache_seconds <= 0 else f'{args.cache_seconds} s'}\n"
    )
    print(
        "| page | users | requests | median ms | p95 ms | req/s | page SQL alone: median ms | p95 ms "
        "| queries | page ÷ SQL (median) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    server = start_gunicorn()
    try:
        for label, template in PAGES:
            path = template.format(kon_tum=kon_tum)
            statements = page_sql(path, session_key)
            sql = time_sql(statements, args.seconds)
            sql_median = statistics.median(sql)
            for users in (1, 10):
                stats = locust(path, session_key, users, args.seconds)
                print(
                    f"| {label} | {users} | {stats['requests']} | {stats['median']:.0f} | {stats['p95']:.0f} "
                    f"| {stats['rps']:.1f} | {sql_median:.1f} | {p95(sql):.1f} | {len(statements)} "
                    f"| {stats['median'] / sql_median:.1f}× |",
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print("\n```\n" + explain_excerpts() + "\n```")


if __name__ == "__main__":
    main()
