"""Data safety: scripts/backup.sh then scripts/restore.sh into a fresh database and folder lose nothing.

The procedure is the one docs/operations.md gives (pg_dump of the database plus the media folder).
The test fills the test database with the demo, photos and a rendered report, backs it up,
restores it under a new name, and compares the row count of every table and the hash of every file.
"""

import hashlib
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from findings.services import evidence_upload
from findings.tests.conftest import image_upload
from reports import services as report_services
from reports.models import Kind
from reports.tests.conftest import database_url, ensure_role_groups, require_postgresql
from tests.faults.processes import ROOT

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("faults")]


def row_counts(url: str) -> dict[str, int]:
    """Exact row counts of every table in the public schema, read with psql (works on any database)."""
    sql = (
        "SELECT string_agg(format('SELECT %L, count(*) FROM %I', tablename, tablename), ' UNION ALL ') "
        "FROM pg_tables WHERE schemaname = 'public'"
    )
    union = subprocess.run(["psql", url, "-tAqc", sql], capture_output=True, text=True, check=True).stdout
    rows = subprocess.run(["psql", url, "-tAqF", "\t", "-c", union], capture_output=True, text=True, check=True)
    return {name: int(n) for name, n in (line.split("\t") for line in rows.stdout.splitlines() if line)}


def psql(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-tAqc", sql], capture_output=True, text=True, check=True).stdout.strip()


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(script: str, *args: str, **env: str) -> str:
    result = subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_backup_then_restore_into_a_fresh_database_keeps_every_row_and_file(transactional_db, demo):
    require_postgresql()
    ensure_role_groups()
    visit = demo.visit("Ngọc Hồi")
    for n in range(3):
        evidence_upload(
            visit=visit, user=demo.users["member"], upload=image_upload(size=(640, 480)), caption=f"Ảnh {n}"
        )
    report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])  # eager render
    source, media = database_url(), Path(settings.MEDIA_ROOT)
    restored = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:6]}"
    restored_url = source.rsplit("/", 1)[0] + f"/{restored}"
    work = Path(tempfile.mkdtemp(prefix="tthc-backup-"))
    try:
        run("backup.sh", str(work / "backup"), DATABASE_URL=source, MEDIA_ROOT=str(media))
        run("restore.sh", str(work / "backup"), DATABASE_URL=restored_url, MEDIA_ROOT=str(work / "media"))
        before, after = row_counts(source), row_counts(restored_url)
        assert before["findings_evidence"] >= 3 and before["reports_renderjob"] >= 1
        assert after == before
        # The tallies come back as dumped (the triggers are created after the data, not fired by it) and
        # keep counting in the restored database.
        tallied = "SELECT sum(items) || '/' || sum(passed) FROM findings_resulttally"
        counted = "SELECT count(*) || '/' || count(*) FILTER (WHERE result = 'pass') FROM findings_itemresult"
        assert psql(restored_url, tallied) == psql(restored_url, counted) == psql(source, counted)
        psql(restored_url, "UPDATE findings_itemresult SET result = 'pass'")
        assert psql(restored_url, tallied) == psql(restored_url, counted)
        files = file_hashes(media)
        assert any(name.startswith("evidence/") for name in files) and any(n.endswith(".pdf") for n in files)
        assert file_hashes(work / "media") == files
    finally:
        subprocess.run(
            ["psql", source.rsplit("/", 1)[0] + "/postgres", "-qc", f'DROP DATABASE IF EXISTS "{restored}"'],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(work, ignore_errors=True)
