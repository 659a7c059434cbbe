"""Who may see, prepare and issue documents; the one place report views ask.

- see: ``restrict(user)`` on Document, DocumentVersion, RenderJob (their ``scope``, units.scoping);
- prepare (request drafts, DOCX, XLSX, retry): the office, or the plan's team head, deputy or secretary;
- finalize (number, date, signer → frozen PDF): the office.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from inspections.access import is_preparer
from inspections.models import Plan
from reports.models import Document, DocumentVersion, RenderJob
from units.roles import is_office


def can_prepare(user, plan: Plan) -> bool:
    return is_office(user) or is_preparer(user, plan.pk)


def can_finalize(user, plan: Plan) -> bool:
    return is_office(user)


def get_document_for_user(user, pk: int, *, write: bool = False) -> Document:
    document = get_object_or_404(
        Document.objects.restrict(user).select_related("plan", "visit", "visit__agency"), pk=pk
    )
    if write and not can_prepare(user, document.plan):
        raise PermissionDenied
    return document


def get_version_for_user(user, pk: int) -> DocumentVersion:
    return get_object_or_404(DocumentVersion.objects.restrict(user).select_related("document", "document__plan"), pk=pk)


def get_job_for_user(user, pk: int, *, write: bool = False) -> RenderJob:
    job = get_object_or_404(
        RenderJob.objects.restrict(user).select_related("version", "version__document", "version__document__plan"),
        pk=pk,
    )
    if write and not can_prepare(user, job.version.document.plan):
        raise PermissionDenied
    return job
