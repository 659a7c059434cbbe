"""Load and scaling suite (issue 8): the whole app on real PostgreSQL, Redis, Celery and gunicorn.

    .venv/bin/python bench/suite.py                    # national size: 10,000 and 100,000 findings, 50 users, 2 min
    .venv/bin/python bench/suite.py --quick            # a tiny data set and 20 s of load: checks the suite works

For each data size it creates a PostgreSQL database ``tthc_suite_<findings>`` on the shared
server (dropped first; nothing else is touched), migrates it, loads ``manage.py generate_data``,
gives accounts to people in the data (bench/suite_fixtures.py), starts a private Redis on a free
port, a Celery worker (prefork, production settings, `nice 10`) and gunicorn (sync workers, cores + 1), all on
127.0.0.1. Then it times each page alone (scaling: sequential requests, dashboard cache off) and,
on the largest data set, runs the locust mix of bench/locustfile_suite.py (dashboard cache as in
production). Everything it started is stopped in a ``finally``; every wait and subprocess has a
time limit. Results: bench/results/<date>-<commit>.json and .md. The fault tests live in
tests/faults/ (``TTHC_SLOW_FAULTS=1 pytest tests/faults``).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cpu  # noqa: E402  (bench/cpu.py, beside this file)
from request_cost import Costs  # noqa: E402

from tests.faults.processes import Celery, PrivateRedis, free_port, gunicorn, service_env, stop_process  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
SERVER = "postgres://postgres@127.0.0.1:5432"
GOALS_MS = {"save": 200, "list": 200, "visit": 200, "liaison": 200, "dashboard": 600}
QUICK_DATA = ["--provinces", "3", "--agencies", "200", "--years", "3", "--findings", "2000", "--actions", "400"]
SCALING_ROUNDS = 20
NATIONAL_FINDINGS = 100_000  # generate_data's default size (demo.synthetic.SyntheticSize.findings)


def run(command: list[str], *, env: dict | None = None, timeout: float = 900, capture: bool = False) -> str:
    """A subprocess with a time limit that fails loudly."""
    result = subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def psql(database: str, sql: str) -> str:
    return run(["psql", f"{SERVER}/{database}", "-tAqc", sql], timeout=120, capture=True).strip()


def commit() -> str:
    sha = run(["git", "rev-parse", "--short", "HEAD"], capture=True).strip()
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], capture=True).strip()
    return sha + ("+dirty" if dirty else "")


def load_average() -> float:
    return os.getloadavg()[0]


def create_database(name: str, env: dict, data_args: list[str]) -> dict:
    """Drop, create, migrate and fill ``name``; returns the data counts and load time."""
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        psql("postgres", sql)
    run([PYTHON, "manage.py", "migrate", "-v0"], env=env)
    started = time.monotonic()
    run([PYTHON, "manage.py", "generate_data", *data_args], env=env, timeout=1800)
    seconds = time.monotonic() - started
    # As after any bulk load (pg_restore's advice): fresh statistics and visibility maps now, so
    # autovacuum does not do it on the same cores while the pages are being timed.
    psql(name, "VACUUM (ANALYZE)")
    counts = {
        table: int(psql(name, f"SELECT count(*) FROM {table}"))  # noqa: S608 (constant table names)
        for table in (
            "units_agency",
            "inspections_plan",
            "inspections_visit",
            "findings_itemresult",
            "findings_resulttally",
            "findings_finding",
            "findings_remediationaction",
        )
    }
    return {"generate_seconds": round(seconds, 1), "rows": counts}


FLOOR = "floor: signed-in empty page"


def scaling_pages(fixtures: dict) -> list[tuple[str, str, str]]:
    """(kind: name, path, session) of the pages timed alone at each data size."""
    office = fixtures["office"][0]["session"]
    inspector = fixtures["inspectors"][0]
    liaison = fixtures["liaisons"][0]
    year = fixtures["dashboard_year"]
    return [
        (FLOOR, "/mat-khau/doi/xong/", office),  # the base template and the session: no query of its own
        ("visit: workspace page", f"/kiem-tra/{inspector['visit']}/ket-qua/", inspector["session"]),
        ("visit: visit detail", f"/kiem-tra/{inspector['visit']}/", office),
        ("list: plans", "/", office),
        ("list: visits (drill-down)", f"/tong-hop/cuoc-kiem-tra/?year={year}", office),
        ("list: findings (drill-down)", f"/tong-hop/phat-hien/?year={year}&finding=limitation", office),
        ("list: remediation actions", "/khac-phuc/", office),
        ("liaison: agency page", f"/co-quan/{liaison['agency']}/khac-phuc/", liaison["session"]),
        ("dashboard: overview", f"/tong-hop/?year={year}", office),
        ("dashboard: year over year", "/tong-hop/theo-nam/", office),
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_pages(base: str, fixtures: dict) -> dict:
    """Each page alone, one request at a time: median and p95 ms over SCALING_ROUNDS after two warm-ups."""
    out = {}
    for name, path, session in scaling_pages(fixtures):
        client = requests.Session()
        client.cookies.set("sessionid", session)
        timings, costs = [], Costs()
        for n in range(SCALING_ROUNDS + 2):
            started = time.perf_counter()
            response = client.get(base + path, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{path}: status {response.status_code}; see the gunicorn log above")
            if n >= 2:
                timings.append(elapsed)
                costs.add(name, response.headers.get("Server-Timing"))
        cost = costs.summary().get(name, {})
        out[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            **{key: cost[key] for key in ("cpu_ms", "sql_ms", "queries") if key in cost},
        }
        print(
            f"  {name}: median {out[name]['median_ms']} ms, p95 {out[name]['p95_ms']} ms, "
            f"CPU {out[name].get('cpu_ms')} ms, SQL {out[name].get('sql_ms')} ms",
            flush=True,
        )
    return out


def warm_up(base: str, fixtures: dict, rounds: int = 8) -> None:
    """Request every page a few times so each gunicorn worker has loaded its templates before timing."""
    for _name, path, session in scaling_pages(fixtures):
        client = requests.Session()
        client.cookies.set("sessionid", session)
        for _ in range(rounds):
            client.get(base + path, timeout=60)


def locust(base: str, fixtures_path: Path, users: int, seconds: int, workdir: Path) -> list[dict]:
    """Run the mix headless; per request type: count, failures, median/p95/p99 ms, requests per second."""
    prefix = workdir / "locust"
    run(
        [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(ROOT / "bench" / "locustfile_suite.py"), "--headless"]
        + ["--only-summary", "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s"]
        + ["--host", base, "--csv", str(prefix), "--loglevel", "WARNING", "--stop-timeout", "10"],
        env={**os.environ, "SUITE_FIXTURES": str(fixtures_path), "SUITE_COSTS": f"{prefix}_costs.json"},
        timeout=seconds + 120,
        capture=True,
    )
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "rps": round(float(row["Requests/s"]), 2),
                }
            )
    costs = Path(f"{prefix}_costs.json")
    per_type = json.loads(costs.read_text()) if costs.exists() else {}
    for row in rows:
        row.update({key: per_type.get(row["name"], {}).get(key) for key in ("cpu_ms", "sql_ms", "queries")})
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        rows.append({"name": "_failures", "detail": failures.read_text()[:4000]})
    return rows


def report_jobs(database: str, started: float, ended: float) -> dict:
    """Report jobs requested during the load: how many finished before it ended, and how long each took."""
    where = f"created_at >= to_timestamp({started}) AND created_at <= to_timestamp({ended})"
    line = psql(  # only floats from time.time() are formatted in
        database,
        "SELECT count(*), count(*) FILTER (WHERE status = 'done'), "  # noqa: S608
        f"count(*) FILTER (WHERE status = 'done' AND finished_at <= to_timestamp({ended})), "
        "coalesce(round(max(extract(epoch FROM finished_at - created_at))::numeric, 1), 0), "
        "coalesce(round(avg(extract(epoch FROM finished_at - started_at))::numeric, 1), 0), "
        f"coalesce(max(pages), 0) FROM reports_renderjob WHERE {where}",
    )
    total, done, during, slowest, render, pages = line.split("|")
    return {
        "requested": int(total),
        "done": int(done),
        "done_during_load": int(during),
        "slowest_request_to_done_s": float(slowest),
        "mean_render_s": float(render),
        "pages": int(pages),
    }


def wait_jobs(database: str, started: float, timeout: float = 120) -> None:
    """After the load: give the worker a bounded time to finish the last report requested."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = psql(
            database,
            f"SELECT count(*) FROM reports_renderjob WHERE created_at >= to_timestamp({started}) "  # noqa: S608
            "AND status IN ('queued', 'running')",
        )
        if pending == "0":
            return
        time.sleep(1)


class Stack:
    """gunicorn and a Celery worker on one database and one private Redis; ``stop`` ends both."""

    def __init__(self, env: dict, workdir: Path, web_workers: int):
        self.env, self.workdir, self.web_workers = env, workdir, web_workers
        self.web = self.worker = None
        self.port = free_port()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, cache_seconds: int | None) -> "Stack":
        env = dict(self.env)
        if cache_seconds is not None:
            env["DASHBOARD_CACHE_SECONDS"] = str(cache_seconds)
        # Niced, as docs/operations.md advises on a shared machine: renders wait, users' pages do not.
        self.worker = Celery("worker", env, concurrency=1, workdir=str(self.workdir), nice=10).start()
        self.web = gunicorn(env, self.port, self.workdir / "gunicorn.log", workers=self.web_workers)
        return self

    def stop(self) -> None:
        stop_process(self.web)
        if self.worker is not None:
            self.worker.stop()


def measure_size(label: str, data_args: list[str], args, redis: PrivateRedis, workdir: Path, load: bool) -> dict:
    """One data size: database, fixtures, scaling timings and (when ``load``) the locust run."""
    database = f"tthc_suite_{label}"
    media = workdir / f"media-{label}"
    media.mkdir(parents=True, exist_ok=True)
    env = service_env(
        database_url=f"{SERVER}/{database}",
        broker=redis.url,
        queue="celery",
        media_root=str(media),
        TTHC_REQUEST_COST="1",  # each response's CPU and SQL time (Server-Timing), read per request type
    )
    print(f"== {label}: creating {database} and generating data", flush=True)
    result = {"database": database, **create_database(database, env, data_args)}
    fixtures = json.loads(
        run([PYTHON, "bench/suite_fixtures.py", "synthetic", "--inspectors", "25"], env=env, capture=True)
    )
    fixtures_path = workdir / f"fixtures-{label}.json"
    fixtures_path.write_text(json.dumps(fixtures))
    result["report_plan_visits"] = fixtures["report_plan"]["visits"]
    stack = Stack(env, workdir, args.web_workers)
    try:
        print(f"== {label}: pages alone (dashboard cache off)", flush=True)
        stack.start(cache_seconds=0)
        warm_up(stack.base, fixtures)
        result["pages"] = time_pages(stack.base, fixtures)
        stack.stop()
        if load:
            print(f"== {label}: load, {args.users} users for {args.seconds} s (dashboard cache as in production)")
            stack.start(cache_seconds=None)
            warm_up(stack.base, fixtures)
            result["load_average_before"] = round(load_average(), 2)
            started, cpu_before = time.time(), cpu.snapshot()
            result["load"] = locust(stack.base, fixtures_path, args.users, args.seconds, workdir)
            ended, cpu_after = time.time(), cpu.snapshot()
            result["cpu"] = cpu.used(cpu_before, cpu_after)
            wait_jobs(database, started)
            result["reports"] = report_jobs(database, started, ended)
            result["load_seconds"] = round(ended - started, 1)
    except BaseException:
        log = workdir / "gunicorn.log"
        print(log.read_text(errors="replace")[-6000:] if log.exists() else "(no gunicorn log)", file=sys.stderr)
        raise
    finally:
        stack.stop()
    if not args.keep:
        psql("postgres", f'DROP DATABASE IF EXISTS "{database}"')
    return result


def goal_of(name: str) -> int | None:
    return GOALS_MS.get(name.split(":", 1)[0])


def markdown(results: dict) -> str:
    """The results as the Markdown that goes into bench/README.md."""
    lines = [
        f"Run {results['date']}, commit `{results['commit']}`, {results['machine']}; "
        f"{results['users']} users for {results['seconds']} s; gunicorn {results['web_workers']} sync workers; "
        "machine load before the run "
        f"{results['load_average_start']} (1-min average).",
        "",
    ]
    sizes = results["sizes"]
    for size in sizes:
        rows = ", ".join(f"{count} {table.split('_', 1)[1]}" for table, count in size["rows"].items())
        lines.append(f"- data **{size['label']}**: {rows} (generated in {size['generate_seconds']} s)")
    lines.append("")
    if "load" in sizes[-1]:
        lines += load_lines(sizes[-1])
    lines += scaling_lines(sizes) + cpu_lines(sizes)
    return "\n".join(lines) + "\n"


def load_lines(largest: dict) -> list[str]:
    """The load table (latency, goals, the worker's CPU and SQL per type), the report jobs, the machine's CPU."""
    lines = [
        f"**Load** ({largest['label']}): median, p95, p99 in ms; goals p95 ≤ 200 ms (saves, lists, visit and "
        "liaison pages), ≤ 600 ms (dashboards), 0 errors.",
        "",
        "| request | requests | errors | median | p95 | p99 | req/s | goal p95 | met | CPU ms | SQL ms | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in largest["load"]:
        if row["name"].startswith("_"):
            continue
        goal = goal_of(row["name"])
        met = "" if goal is None else ("yes" if row["p95_ms"] <= goal and row["failures"] == 0 else "**no**")
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['failures']} | {row['median_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['rps']} | {goal or ''} | {met} | "
            f"{cell(row.get('cpu_ms'))} | {cell(row.get('sql_ms'))} | {cell(row.get('queries'))} |"
        )
    lines += ["", "CPU ms and SQL ms: the web worker's median per request (its Server-Timing header)."]
    rep = largest["reports"]
    lines += [
        "",
        f"Report jobs during the load (plan of {largest['report_plan_visits']} visits, {rep['pages']} pages): "
        f"{rep['requested']} requested, {rep['done_during_load']} done before the load ended, {rep['done']} done "
        f"in all; mean render {rep['mean_render_s']} s, "
        f"slowest request → done {rep['slowest_request_to_done_s']} s.",
        "",
    ]
    if "cpu" in largest:
        usage = largest["cpu"]
        parts = ", ".join(f"{name} {seconds} s" for name, seconds in usage["groups"].items())
        lines += [
            f"CPU during the load ({usage['cores']} cores, {largest['load_seconds']} s): machine busy "
            f"{usage['machine_busy_percent']} %; CPU seconds by part: {parts}.",
            "",
        ]
    return lines


def scaling_lines(sizes: list[dict]) -> list[str]:
    lines = [
        "**Scaling**: each page alone (sequential, dashboard cache off), median / p95 ms.",
        "",
        "| page | " + " | ".join(s["label"] for s in sizes) + " | growth (median) |",
        "|---|" + "---:|" * len(sizes) + "---:|",
    ]
    for name in sizes[0]["pages"]:
        cells = [f"{s['pages'][name]['median_ms']:.0f} / {s['pages'][name]['p95_ms']:.0f}" for s in sizes]
        growth = sizes[-1]["pages"][name]["median_ms"] / max(0.1, sizes[0]["pages"][name]["median_ms"])
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth:.2f}× |")
    return lines


def cpu_lines(sizes: list[dict]) -> list[str]:
    """Each page's CPU / SQL ms at each size, and its time ÷ (its SQL + the floor's time)."""
    lines = [
        "",
        "**CPU per page** (the same requests): the web worker's median CPU ms / SQL ms per request, and the",
        "page's median time ÷ (its SQL ms + the floor's median time), goal ≤ 1.5×.",
        "",
        "| page | " + " | ".join(f"{s['label']} CPU / SQL | ÷ (SQL + floor)" for s in sizes) + " |",
        "|---|" + "---:|---:|" * len(sizes),
    ]
    for name in sizes[0]["pages"]:
        cells = []
        for size in sizes:
            page, floor = size["pages"][name], size["pages"].get(FLOOR, {})
            cells.append(f"{cell(page.get('cpu_ms'))} / {cell(page.get('sql_ms'))}")
            ratio = page["median_ms"] / max(0.1, page.get("sql_ms", 0) + floor.get("median_ms", 0))
            cells.append("" if name == FLOOR else f"{ratio:.2f}×")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def cell(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def interrupt(*_) -> None:
    """SIGTERM ends the run like Ctrl-C, so the ``finally`` blocks stop what the suite started."""
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description="Load and scaling suite on real services (loopback only).")
    parser.add_argument("--findings", type=int, default=NATIONAL_FINDINGS, help="largest data size")
    parser.add_argument("--small", type=int, default=10_000, help="the smaller data size of the scaling comparison")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--quick", action="store_true", help="tiny data set, 20 s of load: checks the suite end to end")
    parser.add_argument(
        "--web-workers",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default cores + 1: PostgreSQL on the same cores; see docs/operations.md)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases (default: dropped at the end)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    if args.quick:
        args.seconds = min(args.seconds, 20)
        plan = [("quick", QUICK_DATA)]
    else:
        plan = [
            (f"{n // 1000}k", ["--findings", str(n), "--actions", str(n // 5)])
            for n in sorted({args.small, args.findings})
        ]
    signal.signal(signal.SIGTERM, interrupt)
    results = {
        "date": datetime.datetime.now().astimezone().date().isoformat(),
        "commit": commit(),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {psql('postgres', 'SHOW server_version').split()[0]}",
        "users": args.users,
        "web_workers": args.web_workers,
        "seconds": args.seconds,
        "load_average_start": round(load_average(), 2),
        "sizes": [],
    }
    redis = PrivateRedis()
    workdir = Path(tempfile.mkdtemp(prefix="tthc-suite-"))
    redis.start()
    try:
        for index, (label, data_args) in enumerate(plan):
            size = measure_size(label, data_args, args, redis, workdir, load=index == len(plan) - 1)
            results["sizes"].append({"label": label, **size})
    finally:
        redis.stop()
        run(["rm", "-rf", str(workdir)], timeout=120)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{results['date']}-{results['commit'].replace('+', '-')}{'-quick' if args.quick else ''}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    stem.with_suffix(".md").write_text(markdown(results))
    print(markdown(results))
    print(f"results: {stem}.json, {stem}.md")


if __name__ == "__main__":
    main()
