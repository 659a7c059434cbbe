"""Private services the fault tests may break: Redis, PostgreSQL, Celery workers and beat, gunicorn.

The shared PostgreSQL (5432) and Redis (6379) serve the rest of the suite and other engineers, so a
fault test never stops them: it starts its own server on a free loopback port, breaks that one, and
stops it in a ``finally`` (the fixtures in ``conftest.py``). Every wait is bounded.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    """A loopback port nobody listens on now (the kernel picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, timeout: float = 0.2) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=timeout).close()
    except OSError:
        return False
    return True


def wait_until(predicate, *, timeout: float, interval: float = 0.1, message: str = "condition"):
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {message}")


def stop_process(process: subprocess.Popen | None, *, timeout: float = 15) -> None:
    """SIGTERM the process group, SIGKILL it if it does not leave in time; never raises."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def children_of(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (read from /proc: no extra dependency)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


class PrivateRedis:
    """A throw-away ``redis-server`` on a free loopback port, nothing kept on disk: restarting it empties it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(lambda: port_open(self.port), timeout=10, message=f"redis-server on port {self.port}")

    def stop(self, sig: int = signal.SIGKILL) -> None:
        """Stop hard by default (SIGKILL): no goodbye to the clients, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=10)
        wait_until(lambda: not port_open(self.port), timeout=5, message="the port to close")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=1)

    def queue_length(self, queue: str) -> int:
        return self.client().llen(queue)


def service_env(*, database_url: str, broker: str | None, queue: str, media_root: str, **extra: str) -> dict[str, str]:
    """The environment of a worker, beat or gunicorn started by a fault test: production settings, loopback.

    ``broker=None`` leaves Celery eager (tasks run in the web process), for tests that need no worker.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tthc_inspect.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "fault-tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    if broker is None:
        env.pop("CELERY_BROKER_URL")
    return env


class Celery:
    """``celery worker`` (prefork, like production) or ``celery beat``, in its own process group."""

    def __init__(
        self,
        kind: str,
        env: dict[str, str],
        *,
        concurrency: int = 1,
        workdir: str | None = None,
        nice: int = 0,
        python: str = sys.executable,
    ):
        self.kind = kind
        self.python = python  # another virtual environment's interpreter (the fresh-install test)
        self.nice = nice  # > 0: lower CPU priority than the web server (``nice`` execs, the pid stays celery's)
        self.env = env
        self.concurrency = concurrency
        self.workdir = workdir or tempfile.mkdtemp(prefix=f"tthc-{kind}-")
        self.process: subprocess.Popen | None = None
        self.log = Path(self.workdir) / f"{kind}.log"

    def command(self) -> list[str]:
        priority = ["nice", "-n", str(self.nice)] if self.nice else []
        base = [*priority, self.python, "-m", "celery", "-A", "tthc_inspect"]
        if self.kind == "beat":
            return base + ["beat", "-s", f"{self.workdir}/schedule", "--pidfile=", "--loglevel=INFO"]
        queue = self.env["CELERY_TASK_DEFAULT_QUEUE"]
        return base + [
            "worker",
            "--pool=prefork",
            f"--concurrency={self.concurrency}",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "-n",
            f"{queue}-{uuid.uuid4().hex[:6]}@%h",
            "--loglevel=INFO",
        ]

    def start(self) -> "Celery":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def pool_children(self) -> list[int]:
        return children_of(self.process.pid) if self.process else []

    def kill_all(self) -> None:
        """SIGKILL the whole worker (main process and pool), as when the machine's OOM killer strikes."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        stop_process(self.process)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


class PrivatePostgres:
    """A PostgreSQL 15 cluster of our own (``initdb`` in a temp dir, run as the ``postgres`` user), trust auth."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="tthc-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            shutil.chown(self.base, "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        self.start()

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "-o", options, *extra)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """A fast restart: every session is cut, as when the server is restarted for an upgrade."""
        self._ctl("restart", "-m", "fast")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-tAqc", sql],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return result.stdout.strip()

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
        shutil.rmtree(self.base, ignore_errors=True)


def gunicorn(
    env: dict[str, str], port: int, log: Path, *, workers: int = 2, bin_dir: Path = ROOT / ".venv" / "bin"
) -> subprocess.Popen:
    """The app under gunicorn on loopback, as in production (sync workers); its output goes to ``log``."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [str(bin_dir / "gunicorn"), "tthc_inspect.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(workers), "--log-level", "warning", "--timeout", "30"]
            + (
                ["--access-logfile", os.environ["TTHC_ACCESS_LOG"], "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
                if os.environ.get("TTHC_ACCESS_LOG")
                else []
            ),
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: port_open(port), timeout=30, message="gunicorn to listen")
    except AssertionError:
        stop_process(process)
        raise
    return process
