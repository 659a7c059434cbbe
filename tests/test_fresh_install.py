"""A fresh install from requirements.txt alone runs the worker, beat and web server, and renders a document.

Issue 13: the dev requirements brought ``packaging`` in, so every test passed while a worker
installed as the README says (``requirements.txt`` only) exited at once with ModuleNotFoundError.
This test builds a second virtual environment from ``requirements.txt`` alone (pip's cache makes
it a matter of seconds), then from that environment: migrates a SQLite file, loads the demo,
starts a prefork worker, beat and gunicorn on a private Redis, asks for the Báo cáo through the
views and waits for the worker to render it. A runtime dependency missing from requirements.txt
fails it. Marked ``services``: it needs ``redis-server``; under CI its absence is a failure.
"""

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import need_service
from tests.faults.processes import ROOT, Celery, PrivateRedis, free_port, gunicorn, service_env, stop_process

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("fresh-install")]
QUEUE = "tthc-fresh-install"


def build_runtime_venv(target: Path) -> Path:
    """``python -m venv`` plus ``pip install -r requirements.txt``, nothing else; returns its bin directory.

    The test environment's pip installs into it (``--python``: no pip of its own to bootstrap), from
    pip's cache, without byte-compiling (Python compiles what is imported): about 15 s.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True, timeout=120)
    python = target / "bin" / "python"
    started = time.monotonic()
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-compile"]
        + ["--disable-pip-version-check", "-r", str(ROOT / "requirements.txt")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, f"pip install -r requirements.txt failed:\n{install.stdout}\n{install.stderr}"
    print(f"runtime venv built in {time.monotonic() - started:.0f} s")
    return target / "bin"


def run(bin_dir: Path, env: dict, *args: str, timeout: float = 180) -> str:
    result = subprocess.run(
        [str(bin_dir / "python"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{' '.join(args)} failed in the runtime venv:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def job_row(database: Path, job_id: int) -> dict:
    with contextlib.closing(sqlite3.connect(database, timeout=10)) as db:
        db.row_factory = sqlite3.Row
        return dict(
            db.execute("SELECT status, error, file, pages FROM reports_renderjob WHERE id = ?", [job_id]).fetchone()
        )


def wait_for_render(database: Path, job_id: int, worker: Celery, *, timeout: float = 120) -> dict:
    """Until the job is done; fails at once (with the worker's log) if the worker process has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited (code {worker.process.returncode}):\n{worker.output()[-4000:]}")
        row = job_row(database, job_id)
        if row["status"] in ("done", "failed"):
            return row
        time.sleep(0.5)
    pytest.fail(f"job {job_id} not rendered in {timeout:.0f} s: {job_row(database, job_id)}\n{worker.output()[-4000:]}")


def wait_ready(worker: Celery, *, timeout: float = 60) -> None:
    """Until the worker logs that it is ready; fails with its log if it exits first (the issue-13 symptom)."""
    deadline = time.monotonic() + timeout
    while " ready." not in worker.output():
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited at once (code {worker.process.returncode}):\n{worker.output()[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"the worker was not ready in {timeout:.0f} s:\n{worker.output()[-4000:]}")
        time.sleep(0.2)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        need_service("Redis", "redis-server is not installed (the fresh-install test starts a private one)")
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def runtime_venv(tmp_path):
    """The second environment, removed afterwards (about 200 MB)."""
    try:
        yield build_runtime_venv(tmp_path / "venv")
    finally:
        shutil.rmtree(tmp_path / "venv", ignore_errors=True)


def test_a_fresh_install_from_requirements_txt_renders_a_document_with_a_real_worker(
    redis_server, runtime_venv, tmp_path
):
    bin_dir = runtime_venv
    database = tmp_path / "db.sqlite3"
    env = service_env(
        database_url=f"sqlite:///{database}",
        broker=redis_server.url,
        queue=QUEUE,
        media_root=str(tmp_path / "media"),
        CACHE_URL=redis_server.url.replace("/0", "/1"),
    )
    started = time.monotonic()
    # Worker and beat first: they start while the database is migrated and the demo loaded.
    worker = Celery("worker", env, python=str(bin_dir / "python")).start()
    beat = Celery("beat", env, python=str(bin_dir / "python")).start()
    web = None
    try:
        run(bin_dir, env, "manage.py", "migrate", "--verbosity", "0")
        run(bin_dir, env, "manage.py", "load_demo")
        wait_ready(worker)
        port = free_port()
        web = gunicorn(env, port, tmp_path / "gunicorn.log", workers=1, bin_dir=bin_dir)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10) as login:  # noqa: S310
            login_page = login.read().decode()
        answer = json.loads(run(bin_dir, env, "tests/fresh_install_smoke.py").strip().splitlines()[-1])
        assert answer["message"] == "Đã gửi yêu cầu tạo văn bản", answer  # published to Redis, not "unreachable"
        row = wait_for_render(database, answer["job"], worker)
        assert row["status"] == "done", f"{row}\n{worker.output()[-4000:]}"
        assert (tmp_path / "media" / row["file"]).read_bytes().startswith(b"%PDF-") and row["pages"] >= 3
        assert beat.process.poll() is None, f"beat exited:\n{beat.output()[-4000:]}"
        assert "beat: Starting" in beat.output() and "Traceback" not in beat.output() + worker.output()
        print(f"migrated, demo loaded, served and rendered in {time.monotonic() - started:.0f} s")
    finally:
        stop_process(web)
        worker.cleanup()
        beat.cleanup()
    assert "Đăng nhập" in login_page
    assert answer["overview"] == [200, 200] and answer["overview_names_plan"]
    assert answer["request"][-1] == 200
