"""CPU seconds used by each part of the stack during a run, read from /proc (Linux).

The load generator, gunicorn, PostgreSQL, the Celery worker and Redis share the machine's cores;
this says which of them used the CPU while the load ran, so a saturated machine is visible as
such instead of being mistaken for slow pages.
"""

import os
from pathlib import Path

GROUPS = (  # (group, what a process's command line or name contains), first match wins
    ("locust (load generator)", "locust"),
    ("gunicorn (web)", "gunicorn"),
    ("celery (reports)", "celery"),
    ("postgresql", "postgres"),
    ("redis", "redis-server"),
)
TICKS = os.sysconf("SC_CLK_TCK")


def _group(pid: str) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        command += " " + Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return ""
    return next((name for name, needle in GROUPS if needle in command), "other")


def snapshot() -> dict:
    """Per process: (group, user+system CPU seconds so far); and the machine's busy and total seconds."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Own time plus the time of children that exited and were waited for (utime, stime, cutime, cstime).
        seconds = sum(int(value) for value in fields[11:15]) / TICKS
        processes[entry.name] = (_group(entry.name), seconds)
    cpu = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = cpu[3] + cpu[4]
    return {"processes": processes, "busy": (sum(cpu) - idle) / TICKS, "total": sum(cpu) / TICKS}


def used(before: dict, after: dict) -> dict:
    """CPU seconds per group between two snapshots (a process that ended in between is not counted)."""
    groups: dict[str, float] = {}
    for pid, (group, seconds) in after["processes"].items():
        if group:
            start = before["processes"].get(pid, (group, 0.0))[1]
            groups[group] = groups.get(group, 0.0) + max(0.0, seconds - start)
    total = after["total"] - before["total"]
    return {
        "groups": {name: round(value, 1) for name, value in sorted(groups.items(), key=lambda kv: -kv[1])},
        "machine_busy_percent": round(100 * (after["busy"] - before["busy"]) / total, 1) if total else 0.0,
        "cores": os.cpu_count(),
    }
