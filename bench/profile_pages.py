"""Where a page's CPU goes (issue 22): cProfile over N requests of each page, in this process, grouped by
the part of the stack each function belongs to (templates, forms and widgets, ORM and driver,
middleware and session, history, our code, the rest), with the costliest functions.

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_pages.py --user office --path /khac-phuc/
    .venv/bin/python bench/profile_pages.py --user office --path / --rounds 30   # the demo (SQLite)

The parts are by the file a function is defined in (its own time, ``tottime``), so they add up to the
whole. It runs the request through Django's test client (the full middleware stack, no HTTP server), with
DEBUG off, after two warm-up requests.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARTS = (  # (part, a path fragment of the defining file), first match wins
    ("history (simple_history)", "simple_history"),
    ("forms and widgets", "/django/forms/"),
    ("forms and widgets", "crispy"),
    ("forms and widgets", "django_filters"),
    ("templates", "/django/template/"),
    ("templates", "/templatetags/"),
    ("ORM and driver", "/django/db/"),
    ("ORM and driver", "psycopg"),
    ("ORM and driver", "sqlite3"),
    ("middleware and session", "/django/middleware/"),
    ("middleware and session", "/django/contrib/sessions/"),
    ("middleware and session", "/django/contrib/auth/"),
    ("middleware and session", "/django/contrib/messages/"),
    ("middleware and session", "axes"),
    ("middleware and session", "django_htmx"),
    ("translation", "/django/utils/translation/"),
    ("translation", "gettext"),
    ("urls", "/django/urls/"),
    ("our code", str(ROOT) + "/"),
)


REST = "the rest (Python, Django core)"


def part_of(filename: str) -> str:
    if ".venv" not in filename and "site-packages" not in filename and filename.startswith(str(ROOT)):
        return "our code"
    return next((part for part, fragment in PARTS[:-1] if fragment in filename), REST)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--path", action="append", required=True, help="a page (repeat for several)")
    parser.add_argument("--user", required=True, help="the username the requests are made as")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=args.user))
    for path in args.path:
        for _ in range(2):
            assert client.get(path).status_code == 200, path
        profile = cProfile.Profile(time.thread_time)  # CPU time: waiting for PostgreSQL is not counted
        profile.enable()
        for _ in range(args.rounds):
            client.get(path)
        profile.disable()
        report(path, pstats.Stats(profile), args.rounds, args.top)


def report(path: str, stats: pstats.Stats, rounds: int, top: int) -> None:
    """Own time per part; a function of no part (a builtin, Django's utils, the standard library) counts
    for the part of its callers, in proportion to the time each call site spent in it."""
    entries = stats.stats

    def shares(func, depth=0) -> dict[str, float]:
        part = part_of(func[0])
        if part != REST or depth == 6:
            return {part: 1.0}
        callers = entries[func][4]
        spent = sum(timing[2] for timing in callers.values())
        if not spent:
            return {REST: 1.0}
        out: dict[str, float] = {}
        for caller, timing in callers.items():
            for name, share in (shares(caller, depth + 1) if caller in entries else {REST: 1.0}).items():
                out[name] = out.get(name, 0.0) + share * timing[2] / spent
        return out

    parts: dict[str, float] = {}
    rows = []
    for func, (_calls, _primitive, own, _cumulative, _callers) in entries.items():
        for name, share in shares(func).items():
            parts[name] = parts.get(name, 0.0) + own * share
        rows.append((own, f"{Path(func[0]).name}:{func[1]} {func[2]}"))
    total = sum(parts.values())
    print(f"\n{path}: {total / rounds * 1000:.1f} ms of CPU per request (under the profiler, which adds its own)")
    for part, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {part:32} {seconds / rounds * 1000:7.1f} ms  {100 * seconds / total:5.1f} %")
    print("  costliest functions (own time per request):")
    for own, label in sorted(rows, reverse=True)[:top]:
        print(f"    {own / rounds * 1000:6.2f} ms  {label}")


if __name__ == "__main__":
    main()
