"""The test commands the docs give work as written: every mark the suite uses is registered.

Issue 13: ``pytest tests/faults -p no:xdist`` (one process, as for the fault suite) stopped at
collection: ``--strict-markers`` rejected ``xdist_group``, which only pytest-xdist registers.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_whole_suite_collects_without_xdist_under_strict_markers():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "XDIST_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "--collect-only", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if "ERROR" in line or "not found in `markers`" in line]
    assert result.returncode == 0, "\n".join(errors) or output[-3000:]
    assert "tests/faults/test_redis_faults.py::test_fault3" in output
    assert "error" not in output.lower().splitlines()[-1]
