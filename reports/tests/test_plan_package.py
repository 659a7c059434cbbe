"""The whole-plan package: the job, its ZIP and manifest, the import elsewhere, and the round trip."""

import datetime
import hashlib
import io
import json
import os
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from findings.models import Evidence, Finding, ItemResult, RemediationAction
from inspections.models import Plan
from reports import services as report_services
from reports.exchange import services
from reports.exchange.importer import plan_import
from reports.exchange.package import DATA_JSON, DATA_XLSX
from reports.models import DocumentVersion, Kind, PlanExport, RegisterEntry
from tthc_inspect.archive import MANIFEST, Limits, PackageError, open_package


def finalize_report(demo):
    office = demo.users["office"]
    job = report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=office)
    return report_services.document_finalize(
        document=job.version.document,
        user=office,
        number=15,
        issued_on=datetime.date(2020, 8, 26),
        signer_name="Nguyễn Văn A",
        signer_position="Trưởng đoàn",
    )


def delete_plan(plan) -> None:
    """The plan gone from this installation (its remediation actions protect its visits, the
    register of outgoing documents its issued versions)."""
    RemediationAction.objects.filter(visit__plan=plan).delete()
    RegisterEntry.objects.filter(version__document__plan=plan).delete()
    plan.delete()


def export_bytes(plan) -> bytes:
    buffer = io.BytesIO()
    services.package_write(plan, buffer)
    return buffer.getvalue()


def hashes(content: bytes) -> dict[str, str]:
    """{path: sha256} of every member but the manifest and its checksum list (they carry the export time)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if name not in (MANIFEST, "SHA256SUMS")
        }


def test_the_package_holds_documents_evidence_data_and_a_manifest(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finalize_report(demo)
    content = export_bytes(demo.plan)
    package = open_package(io.BytesIO(content))
    paths = set(package.paths)
    assert {DATA_JSON, DATA_XLSX} <= paths
    final = DocumentVersion.objects.get(document__plan=demo.plan, status="final")
    pdfs = [p for p in paths if p.startswith("documents/")]
    assert len(pdfs) == 1 and hashlib.sha256(package.read(pdfs[0])).hexdigest() == final.sha256
    originals = {hashlib.sha256(package.read(p)).hexdigest() for p in paths if p.startswith("evidence/")}
    evidence = Evidence.objects.filter(visit__plan=demo.plan)
    assert evidence.count() >= 2 and originals == set(evidence.values_list("sha256", flat=True))
    for entry in package.manifest["files"]:  # the manifest's hash is the member's
        assert hashlib.sha256(package.read(entry["path"])).hexdigest() == entry["sha256"]
    data = json.loads(package.read(DATA_JSON))
    assert data["plans"][0]["number"] == "1978/KH-UBND" and len(data["visits"]) == 8
    assert "password" not in json.dumps(data["users"]) and "search_text" not in data["plans"][0]
    assert package.manifest["created_at"] and hashes(export_bytes(demo.plan)) == hashes(content)


def test_the_job_builds_the_zip_with_progress_and_the_office_downloads_it(
    client, demo, django_capture_on_commit_callbacks
):
    client.force_login(demo.users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_request", args=[demo.plan.pk]))
    assert response.status_code == 302
    job = PlanExport.objects.get(plan=demo.plan)
    assert (job.status, job.progress, job.attempts) == ("done", 100, 1)
    assert services.export_run(job_id=job.pk) == "skipped"  # a duplicate delivery does nothing
    page = client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    assert "Tải hồ sơ kế hoạch" in page and reverse("reports:export_download", args=[job.pk]) in page
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/zip" and hashlib.sha256(body).hexdigest() == job.sha256
    assert job.files == len(open_package(io.BytesIO(body)).paths)


@pytest.mark.parametrize("persona", ["head", "member", "liaison", "leader"])
def test_only_the_office_asks_for_and_gets_a_package(client, demo, persona, django_capture_on_commit_callbacks):
    job = services.export_request(plan=demo.plan, user=demo.users["office"])
    client.force_login(demo.users[persona])
    assert client.post(reverse("reports:export_request", args=[demo.plan.pk])).status_code in (403, 404)
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code in (403, 404)
    assert client.get(reverse("reports:export_status", args=[job.pk])).status_code in (403, 404)
    assert PlanExport.objects.count() == 1


def test_a_missing_stored_file_fails_the_job_with_a_reason(demo, django_capture_on_commit_callbacks):
    evidence = Evidence.objects.filter(visit__plan=demo.plan).first()
    path = default_storage.path(evidence.original.name)
    os.rename(path, path + ".away")  # the demo's files outlive the test's rollback: put it back after
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.export_request(plan=demo.plan, user=demo.users["office"])
    finally:
        os.rename(path + ".away", path)
    job.refresh_from_db()
    assert job.status == "failed" and "Thiếu tệp đã lưu" in job.error and not job.file


def test_importing_into_an_installation_that_has_the_plan_is_refused(demo):
    content = export_bytes(demo.plan)
    before = Plan.objects.count()
    with pytest.raises(PackageError, match="đã có trong hệ thống"):
        plan_import(io.BytesIO(content), user=demo.users["office"])
    assert Plan.objects.count() == before


def test_import_after_deleting_the_plan_recreates_it_with_identical_hashes(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finalize_report(demo)
    first = export_bytes(demo.plan)
    counts = (ItemResult.objects.count(), Finding.objects.count(), RemediationAction.objects.count())
    delete_plan(demo.plan)
    plan = plan_import(io.BytesIO(first), user=demo.users["office"])
    assert plan.number == "1978/KH-UBND" and plan.visits.count() == 8
    assert (ItemResult.objects.count(), Finding.objects.count(), RemediationAction.objects.count()) == counts
    assert hashes(export_bytes(plan)) == hashes(first)


def rezip(content: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    members = {i.filename: source.read(i) for i in source.infolist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return out.getvalue()


def _traversal(m):
    m["../../etc/passwd"] = b"x"


def _absolute(m):
    m["/etc/cron.d/x"] = b"x"


def _tampered(m):
    m[DATA_JSON] = m[DATA_JSON].replace(b"1978/KH-UBND", b"1979/KH-UBND")


def _extra(m):
    m["evidence/extra.jpg"] = b"not listed"


def _no_manifest(m):
    del m[MANIFEST]


def _bomb(m):
    m["data/zeros.bin"] = b"\0" * (30 * 1024 * 1024)


REFUSED = {
    "path traversal": (_traversal, "Tên tệp trong gói không hợp lệ"),
    "absolute path": (_absolute, "Tên tệp trong gói không hợp lệ"),
    "tampered data": (_tampered, "không khớp mã SHA-256"),
    "member not in the manifest": (_extra, "Tệp không có trong manifest"),
    "no manifest": (_no_manifest, "không có manifest.json"),
    "zip bomb": (_bomb, "nén bất thường"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_packages_are_refused_and_nothing_is_written(demo, case):
    change, message = REFUSED[case]
    content = rezip(export_bytes(demo.plan), change)
    delete_plan(demo.plan)
    plans, files = Plan.objects.count(), Evidence.objects.count()
    with pytest.raises(PackageError, match=message):
        plan_import(io.BytesIO(content), user=demo.users["office"])
    assert (Plan.objects.count(), Evidence.objects.count()) == (plans, files)


def test_oversized_members_and_non_zips_are_refused(demo):
    content = export_bytes(demo.plan)
    with pytest.raises(PackageError, match="quá lớn"):
        open_package(io.BytesIO(content), limits=Limits(member_bytes=1000))
    with pytest.raises(PackageError, match="quá nhiều tệp"):
        open_package(io.BytesIO(content), limits=Limits(members=3))
    with pytest.raises(PackageError, match="Tệp gói quá lớn"):
        open_package(io.BytesIO(content), limits=Limits(archive_bytes=len(content) - 1))
    with pytest.raises(PackageError, match="không phải là gói ZIP"):
        open_package(io.BytesIO(b"%PDF-1.4 not a zip"))


def test_the_office_page_imports_a_package_and_shows_refusals(client, demo):
    content = export_bytes(demo.plan)
    client.force_login(demo.users["office"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("reports:package_import")
    page = client.post(url, {"file": SimpleUploadedFile("a.zip", content)}).content.decode()
    assert "đã có trong hệ thống" in page
    delete_plan(demo.plan)
    response = client.post(url, {"file": SimpleUploadedFile("a.zip", content)})
    assert response.status_code == 302 and Plan.objects.filter(number="1978/KH-UBND").exists()
    client.force_login(demo.users["leader"])
    assert client.get(url).status_code == 403


def test_round_trip_of_the_kon_tum_plan_through_an_emptied_database(transactional_db, demo, tmp_path, capsys):
    """export → flush every table → import → export: every file's SHA-256 is the same."""
    report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"])  # eager
    finalize_report(demo)
    first = tmp_path / "first.zip"
    call_command("export_plan", "1978/KH-UBND", output=str(first))
    call_command("flush", interactive=False)
    assert not Plan.objects.exists()
    call_command("import_plan", str(first))
    second = tmp_path / "second.zip"
    call_command("export_plan", "1978/KH-UBND", output=str(second))
    before, after = hashes(first.read_bytes()), hashes(second.read_bytes())
    assert len(before) >= 5 and after == before
    print(capsys.readouterr().out)
