"""Fault 5: PostgreSQL restarted under load loses no acknowledged save and needs no process restart.

A private PostgreSQL 15 cluster (``initdb`` in a temp dir, free port; the shared 5432 cluster is
never touched) holds a migrated database with the Kon Tum demo. gunicorn serves the app from it
with production settings (persistent, health-checked connections). Inspectors post findings
from several threads; in the middle the cluster is restarted (fast shutdown: every session is
cut). Goals: failed requests span at most 2 s, the same gunicorn processes serve before and after,
and every finding the server acknowledged is in the table.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from conftest import need_service
from tests.faults.conftest import slow_faults
from tests.faults.processes import (
    PG_BIN,
    ROOT,
    PrivatePostgres,
    children_of,
    free_port,
    gunicorn,
    service_env,
    stop_process,
    wait_until,
)

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("faults")]
SAVED = "Đã ghi phát hiện."
THREADS = 4


@dataclass
class Outcome:
    """What the load saw: (time, ok) per request and the descriptions the server acknowledged."""

    requests: list[tuple[float, bool]] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failure_window(self) -> float:
        failed = [t for t, ok in self.requests if not ok]
        return (max(failed) - min(failed)) if failed else 0.0


def prepare(cluster: PrivatePostgres, env: dict[str, str]) -> dict:
    """Create, migrate and fill the database; return the inspector's session and workspace."""
    cluster.psql("CREATE DATABASE tthc")
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
    out = subprocess.run([sys.executable, "bench/suite_fixtures.py", "demo"], **run).stdout
    return json.loads(out)["inspectors"][0] | {"csrf": json.loads(out)["csrf"]}


def post_findings(base: str, fixture: dict, stop: threading.Event, outcome: Outcome) -> None:
    """One inspector posting findings until ``stop`` (bounded: at most 2,000 requests per thread)."""
    session = requests.Session()
    session.cookies.set("sessionid", fixture["session"])
    session.cookies.set("csrftoken", fixture["csrf"])
    headers = {"X-CSRFToken": fixture["csrf"], "HX-Request": "true"}
    url = f"{base}/kiem-tra/{fixture['visit']}/phat-hien/"
    for n in range(2000):
        if stop.is_set():
            return
        description = f"Phát hiện tải {uuid.uuid4().hex}"
        data = {"kind": "limitation", "item": fixture["items"][n % len(fixture["items"])], "severity": "low"}
        data |= {"description": description, "revision": 0}
        try:
            response = session.post(url, data=data, headers=headers, timeout=10)
            ok = response.status_code == 200 and SAVED in response.text
        except requests.RequestException:
            ok = False
        with outcome.lock:
            outcome.requests.append((time.monotonic(), ok))
            if ok:
                outcome.acknowledged.append(description)


@slow_faults
def test_fault5_postgresql_restarted_under_load_loses_no_acknowledged_save():
    if not (PG_BIN / "initdb").exists():
        need_service("PostgreSQL", f"initdb not found in {PG_BIN}")
    cluster = PrivatePostgres()
    server = None
    media = tempfile.mkdtemp(prefix="tthc-fault5-media-")
    try:
        cluster.init()
        env = service_env(database_url=cluster.url("tthc"), broker=None, queue="celery", media_root=media)
        fixture = prepare(cluster, env)
        port = free_port()
        server = gunicorn(env, port, Path(cluster.base) / "gunicorn.log", workers=2)
        # The master answers on the port before it has forked every worker: wait for both.
        wait_until(lambda: len(children_of(server.pid)) == 2, timeout=30, message="gunicorn's two workers")
        workers_before = children_of(server.pid)
        outcome, stop = Outcome(), threading.Event()
        threads = [
            threading.Thread(target=post_findings, args=(f"http://127.0.0.1:{port}", fixture, stop, outcome))
            for _ in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        try:
            time.sleep(4)
            restart_started = time.monotonic()
            cluster.restart()
            restart_took = time.monotonic() - restart_started
            time.sleep(6)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
        assert server.poll() is None and children_of(server.pid) == workers_before, "a gunicorn process restarted"
        stored = set(cluster.psql("SELECT description FROM findings_finding", database="tthc").splitlines())
        lost = [d for d in outcome.acknowledged if d not in stored]
        failed = sum(1 for _, ok in outcome.requests if not ok)
        print(
            f"fault 5: {len(outcome.requests)} requests, {len(outcome.acknowledged)} acknowledged, {failed} failed "
            f"over {outcome.failure_window():.2f} s; restart took {restart_took:.2f} s; {len(lost)} lost"
        )
        assert len(outcome.acknowledged) > 50 and lost == []
        assert outcome.failure_window() <= 2.0
        after = [ok for t, ok in outcome.requests if t > restart_started + restart_took + 2]
        assert after and all(after), "requests still failing 2 s after the restart"
    finally:
        stop_process(server)
        cluster.cleanup()
        shutil.rmtree(media, ignore_errors=True)
