"""A real Celery worker for the tests that need one (one process, one queue, no gossip)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def worker_start(queue: str, name: str, env: dict, **popen) -> subprocess.Popen:
    """``celery -A tthc_inspect worker`` on ``queue`` as ``name``, its output piped for the test to read."""
    command = [sys.executable, "-m", "celery", "-A", "tthc_inspect", "worker", "--pool=solo", "--concurrency=1"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queue, "-n", name]
    return subprocess.Popen(
        [*command, "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )
