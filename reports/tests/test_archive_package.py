"""'Lập hồ sơ lưu trữ': a completed plan's ZIP with issued and signed documents, drafts, evidence, metadata and
a manifest that the management command re-verifies (and that catches a changed file)."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from inspections.models import Plan
from reports.archive.services import ArchiveError, archive_request
from reports.models import ArchivePackage
from reports.signing.fields import SIGNER_FIELD
from reports.signing.testing import make_identity, sign_field
from reports.tests.signing_helpers import offered, upload


def test_the_archive_zip_holds_the_plans_file_and_its_manifest_verifies(
    client,
    demo,
    final_report,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    client.force_login(demo.users["office"])
    upload(client, final_report, sign_field(offered(final_report), make_identity(), SIGNER_FIELD))
    Plan.objects.filter(pk=demo.plan.pk).update(status=Plan.Status.COMPLETED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:archive_request", args=[demo.plan.pk]))
    package = ArchivePackage.objects.get(plan=demo.plan)
    assert package.status == ArchivePackage.Status.DONE, package.error
    response = client.get(reverse("reports:archive_download", args=[package.pk]))
    body = b"".join(response.streaming_content)
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    folder = "van-ban/report/v1"
    assert {f"{folder}/ban-phat-hanh.pdf", f"{folder}/ban-dua-ky.pdf", f"{folder}/metadata.json"} <= set(names)
    assert any(n.startswith("van-ban/report/du-thao/") for n in names)
    assert any(n.startswith("chung-cu/") for n in names) and "manifest.json" in names and "SHA256SUMS" in names
    archive = zipfile.ZipFile(io.BytesIO(body))
    record = json.loads(archive.read(f"{folder}/metadata.json"))
    assert record["so_ky_hieu"] == "01/BC-ĐKT" and record["nguoi_ky"] == "Nguyễn Văn A" and record["so_trang"] > 1
    assert record["sha256"] == final_report.__class__.objects.get(pk=final_report.pk).signed_sha256
    assert (
        archive.read(f"{folder}/ban-phat-hanh.pdf")
        == default_storage.open(final_report.__class__.objects.get(pk=final_report.pk).signed_file.name).read()
    )
    path = tmp_path / "hoso.zip"
    path.write_bytes(body)
    out = io.StringIO()
    call_command("archive_verify", str(path), stdout=out)
    print(out.getvalue())
    assert "Hồ sơ khớp manifest" in out.getvalue()
    tampered = tmp_path / "sua.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data + b" " if item.filename.endswith("metadata.json") else data)
    with pytest.raises(CommandError, match="KHÔNG khớp"):
        call_command("archive_verify", str(tampered), stdout=io.StringIO())


def test_only_a_completed_plan_is_archived(demo):
    Plan.objects.filter(pk=demo.plan.pk).update(status=Plan.Status.IN_PROGRESS)
    demo.plan.refresh_from_db()
    with pytest.raises(ArchiveError):
        archive_request(plan=demo.plan, user=demo.users["office"])


def test_a_failed_archive_build_says_why_and_leaves_no_file(demo, monkeypatch, django_capture_on_commit_callbacks):
    from reports.archive import services

    Plan.objects.filter(pk=demo.plan.pk).update(status=Plan.Status.COMPLETED)
    demo.plan.refresh_from_db()
    monkeypatch.setattr(services, "_document_members", lambda plan: iter([("van-ban/x.pdf", "khong/co/tep.pdf")]))
    with django_capture_on_commit_callbacks(execute=True):
        package = archive_request(plan=demo.plan, user=demo.users["office"])
    package.refresh_from_db()
    assert package.status == ArchivePackage.Status.FAILED and package.attempts == 1
    assert package.error == "Không lập được hồ sơ lưu trữ (FileNotFoundError). Hãy thử lại."
    assert not package.file and not default_storage.exists(package.storage_name)
    assert services.archive_run(package_id=package.pk) == "skipped"  # a late duplicate delivery changes nothing
