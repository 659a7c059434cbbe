"""English is the second language: every Vietnamese UI string has an English translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def untranslated(po_text: str) -> list[str]:
    missing = []
    for block in po_text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"' not in block:
            missing.append(block)
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            source = "".join(re.findall(r'"(.*)"', msgid.group(1)))
            target = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
            if source and not target:
                missing.append(source)
    return missing


def test_every_ui_string_is_translated_to_english():
    assert untranslated(PO.read_text(encoding="utf-8")) == []


def msgids(po_text: str) -> set[str]:
    ids = set()
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            ids.add("".join(re.findall(r'"(.*)"', match.group(1))))
    return ids - {""}


def test_catalog_is_up_to_date_with_the_code(tmp_path):
    """A fresh makemessages on a copy of the code finds no string the catalog lacks."""
    copy = tmp_path / "src"
    skipped = (".venv", "var", ".git", "*.mo", "__pycache__", "bench", "node_modules", "test-results")
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*skipped))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=var", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = msgids((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    assert fresh - msgids(PO.read_text(encoding="utf-8")) == set()
