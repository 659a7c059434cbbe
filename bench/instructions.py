"""Instructions per request, counted by Valgrind (callgrind): the CPU cost of a request without the noise.

On a shared 2-core machine the same page's CPU time moved by ±30 % between runs minutes apart (issue
22): the neighbours' load changes what a millisecond buys. An instruction count does not move: run it
on two commits, one after the other, and compare. It counts this process's own work (Python, the
template engine, the driver's parsing), not the database's; a query's wait costs none.

    DATABASE_URL=postgres://…/tthc_suite_10k .venv/bin/python bench/instructions.py --fixtures F.json
    … bench/instructions.py --fixtures F.json --root /tmp/old-checkout   # another commit's code

``F.json`` is what ``bench/suite_fixtures.py synthetic`` prints (the suite's people and targets): the
pages are the load suite's request types, plus an item save and a finding save. Each request type is
warmed up (3 requests), then ``--requests`` are counted (callgrind dumps between phases); the findings
it saved are deleted at the end, so runs one after the other see the same data. Needs
Debian's ``valgrind``; a run takes about 5 minutes (the program runs ~50× slower under Valgrind).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
FINDING_TEXT = "Hồ sơ chưa đầy đủ thành phần (bench/instructions.py)."
REVISION = re.compile(rb'name="r(\d+)-revision" value="(\d+)"')


def requests_of(fixtures: dict, slot: int = 0) -> list[tuple[str, str, str, dict | None]]:
    """(label, session key, path, POST data or None) for every request type."""
    inspector, office, liaison = (fixtures[k][0] for k in ("inspectors", "office", "liaisons"))
    visit, year = inspector["visit"], fixtures.get("dashboard_year", "")
    result = inspector["results"][slot]  # two runs at once save different items: no edit conflict
    finding = {"kind": "limitation", "item": inspector["items"][0], "severity": "medium", "revision": 0}
    finding["description"] = FINDING_TEXT
    return [
        ("floor: signed-in empty page", office["session"], "/mat-khau/doi/xong/", None),
        ("visit: workspace page", inspector["session"], f"/kiem-tra/{visit}/ket-qua/", None),
        ("save: item result", inspector["session"], f"/ket-qua/{result['id']}/", {"item": result["id"]}),
        ("save: finding", inspector["session"], f"/kiem-tra/{visit}/phat-hien/", finding),
        ("list: plans", office["session"], "/", None),
        ("list: remediation actions", office["session"], "/khac-phuc/", None),
        ("list: visits (drill-down)", office["session"], f"/tong-hop/cuoc-kiem-tra/?year={year}", None),
        ("list: findings (drill-down)", office["session"], f"/tong-hop/phat-hien/?year={year}&finding=limitation", None),  # noqa: E501
        ("dashboard: overview", office["session"], f"/tong-hop/?year={year}", None),
        ("dashboard: year over year", office["session"], "/tong-hop/theo-nam/", None),
        ("liaison: agency page", liaison["session"], f"/co-quan/{liaison['agency']}/khac-phuc/", None),
        ("liaison: visit page", liaison["session"], f"/kiem-tra/{liaison['visit']}/", None),
        ("liaison: notifications", liaison["session"], "/thong-bao/", None),
    ]  # fmt: skip


def _dump(label: str) -> None:
    """Ask Valgrind to write the counts since the last dump (it reads the request within a few ms)."""
    subprocess.run(["callgrind_control", "-d", label, str(os.getpid())], capture_output=True, check=False)
    time.sleep(0.5)


def _item_save_data(client, path: str, pk: int, revision: list) -> dict:
    return {
        f"r{pk}-result": "pass" if revision[0] % 2 else "fail",
        f"r{pk}-progress": "done",
        f"r{pk}-note": "Đã kiểm tra hồ sơ.",
        f"r{pk}-revision": revision[0],
    }


def _one(client, path: str, data: dict | None, revision: list) -> None:
    if data is None:
        response = client.get(path)
    elif "item" in data:
        response = client.post(path, _item_save_data(client, path, data["item"], revision), HTTP_HX_REQUEST="true")
        found = REVISION.search(response.content)
        revision[0] = int(found.group(2)) if found else revision[0]
    else:
        response = client.post(path, data, HTTP_HX_REQUEST="true")
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")


def inner(fixtures_path: str, count: int, slot: int, only: str) -> None:
    """Runs under Valgrind: the requests, with a dump before and after each type's counted ones."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from findings.models import Finding, ItemResult

    fixtures = json.loads(Path(fixtures_path).read_text())
    before = Finding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for index, (label, session, path, data) in enumerate(requests_of(fixtures, slot)):
        if only not in label:
            continue
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session  # the suite's signed-in people
        revision = [ItemResult.objects.get(pk=data["item"]).revision] if data and "item" in data else [0]
        for _ in range(3):
            _one(client, path, data, revision)
        _dump("warm-up")
        for _ in range(count):
            _one(client, path, data, revision)
        _dump(f"counted-{index}")  # Valgrind drops a label with brackets
    # The findings saved here go, so that the next run's visit shows the same findings (a page's cost grows
    # with them). Two runs at once would delete each other's: run one after the other.
    Finding.objects.filter(pk__gt=before, description=FINDING_TEXT).delete()


def read_counts(directory: Path, count: int) -> dict[int, float]:
    """Millions of instructions per request, by request type (its index), from the dumps."""
    counts = {}
    for dump in directory.glob("callgrind.out.*"):
        text = dump.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: .*?dump counted-(\d+)$", text, re.M)
        total = re.search(r"^summary: (\d+)$", text, re.M)
        if trigger and total:
            counts[int(trigger.group(1))] = int(total.group(1)) / count / 1e6
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fixtures", required=True, help="JSON printed by bench/suite_fixtures.py synthetic")
    parser.add_argument("--root", default=str(HERE), help="the checkout whose code is measured")
    parser.add_argument("--requests", type=int, default=5, help="counted requests per type")
    parser.add_argument("--only", default="", help="only the request types whose label contains this")
    parser.add_argument("--slot", type=int, default=0, help="which of the inspector's items to save (0, 1, …)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    if args.inner:
        inner(str(Path(args.fixtures).resolve()), args.requests, args.slot, args.only)
        return
    with tempfile.TemporaryDirectory() as directory:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={directory}/callgrind.out.%p"]
        command += [sys.executable, str(Path(__file__).resolve()), "--inner", "--root", str(root)]
        command += ["--fixtures", str(Path(args.fixtures).resolve()), "--requests", str(args.requests)]
        command += ["--slot", str(args.slot), "--only", args.only]
        subprocess.run(
            command, check=True, capture_output=True, env={**os.environ, "DJANGO_ALLOWED_HOSTS": "testserver"}
        )
        counts = read_counts(Path(directory), args.requests)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    print(f"| request ({commit.stdout.strip()}) | million instructions per request |\n|---|---:|")
    for index, (label, *_) in enumerate(requests_of(json.loads(Path(args.fixtures).read_text()))):
        if args.only in label:
            print(f"| {label} | {counts.get(index, float('nan')):.1f} |")


if __name__ == "__main__":
    main()
