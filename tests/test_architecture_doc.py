"""docs/architecture.md lists every Python module that exists (outside migrations and tests), and only those."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def listed_modules() -> set[str]:
    return set(re.findall(r"`([a-z_][a-z0-9_/]*\.py)`", DOC.read_text(encoding="utf-8")))


def existing_modules() -> set[str]:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        f
        for f in files
        if (ROOT / f).exists()
        and "/migrations/" not in f
        and "/tests/" not in f
        and not f.startswith("tests/")
        and not f.endswith("conftest.py")
        and not (f.endswith("__init__.py") and not (ROOT / f).read_text(encoding="utf-8").strip())
    }


def test_every_module_is_in_the_architecture_doc():
    missing = sorted(existing_modules() - listed_modules())
    assert missing == [], f"add these modules and their purpose to docs/architecture.md: {missing}"


def test_the_architecture_doc_names_no_module_that_is_gone():
    gone = sorted(path for path in listed_modules() if "/" in path and not (ROOT / path).exists())
    assert gone == [], f"docs/architecture.md names modules that do not exist: {gone}"
