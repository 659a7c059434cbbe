"""'Lập hồ sơ lưu trữ': request (office, completed plan) → Celery job → ZIP with a manifest.

The row is a file job (``reports.job_rows``): ``archive_request`` creates it queued and sends its id on
commit; ``archive_run`` claims it once, writes the ZIP (``tthc_inspect.archive.PackageWriter``, members
streamed from storage) beside its final name, and marks it done (or failed, with why).
"""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from findings.models import Evidence
from inspections.models import Plan
from reports.archive import build
from reports.job_rows import job_enqueue_on_commit, job_run, stored_stream
from reports.models import ArchivePackage
from tthc_inspect.archive import PackageWriter
from tthc_inspect.history import records_user

logger = logging.getLogger(__name__)


class ArchiveError(Exception):
    """The package cannot be requested now; the message says why (Vietnamese)."""


@records_user
@transaction.atomic
def archive_request(*, plan: Plan, user) -> ArchivePackage:
    from reports.tasks import archive_build

    if plan.status != Plan.Status.COMPLETED:
        raise ArchiveError(_("Chỉ lập hồ sơ lưu trữ khi kế hoạch đã hoàn thành."))
    package = ArchivePackage.objects.create(plan=plan, requested_by=user)
    job_enqueue_on_commit(package, archive_build, "Archive package")
    return package


def _document_members(plan):
    """(path in the ZIP, storage name or bytes) of the plan's issued documents, copies and metadata."""
    for version in build.plan_versions(plan):
        folder = f"{build.folder(version.document)}/v{version.version}"
        issued = f"{folder}/ban-phat-hanh.pdf"
        yield issued, version.issued_file.name
        if version.signed_file:
            yield f"{folder}/ban-dua-ky.pdf", version.file.name
        for copy in version.copies.all():
            yield f"{folder}/ban-sao-{copy.pk}.pdf", copy.file.name
        sha = version.signed_sha256 or version.sha256
        record = build.metadata_record(version, list(version.signatures.all()), issued, sha)
        yield f"{folder}/metadata.json", build.json_bytes(record)
    for job in build.draft_jobs(plan):
        yield f"{build.folder(job.version.document)}/du-thao/v{job.version.version}-{job.pk}.pdf", job.file.name
    evidence = Evidence.objects.filter(visit__plan=plan).select_related("visit__agency").order_by("pk")
    for item in evidence:
        name = build.slug(item.original_name or f"tep.{item.extension}")
        yield f"chung-cu/{build.slug(item.visit.agency.name)}/{item.pk}-{name}", item.original.name


def archive_write(plan: Plan, target) -> dict:
    """Write the plan's archive ZIP into ``target`` (a path or an open binary file); returns its manifest."""
    writer = PackageWriter(
        target, meta={"ke_hoach": plan.number, "lap_luc": timezone.localtime().isoformat(timespec="seconds")}
    )
    try:
        writer.add("README.txt", build.README.format(number=plan.number).encode())
        writer.add("ho-so.json", build.json_bytes(build.plan_record(plan)))
        for path, source in _document_members(plan):
            if isinstance(source, bytes):
                writer.add(path, source)
            else:
                with default_storage.open(source, "rb") as handle:
                    writer.add_stream(path, handle)
    except BaseException:
        writer.abort()
        raise
    return writer.close()


def archive_run(*, package_id: int) -> str:
    """Claim, build and store one package (the Celery task's body): "done", "failed" or "skipped"."""

    def build_zip(package, mine):
        return stored_stream(package, lambda out: {"files": len(archive_write(package.plan, out)["files"])})

    failure = _("Không lập được hồ sơ lưu trữ (%(error)s). Hãy thử lại.")
    return job_run(
        ArchivePackage, package_id, build_zip, related=("plan__issuer",), label="Archive package", failure=failure
    )
