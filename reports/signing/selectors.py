"""Reads of the electronic issue: what the verification page shows (two queries at most)."""

from reports.formatting import doc_number
from reports.models import DocumentVersion


def _status(version: DocumentVersion, newest_final: int) -> str:
    return "superseded" if version.version < newest_final else "issued"


def verification_for(*, code: str, user) -> dict:
    """``found``, the public part (number, date) and, for a user who may see the document, the details."""
    version = (
        DocumentVersion.objects.filter(verification_code=code, status=DocumentVersion.Status.FINAL)
        .select_related("document__plan__issuer")
        .first()
        if code
        else None
    )
    if version is None:
        return {"found": False}
    public = {
        "found": True,
        "number": doc_number(version.number, version.document.type_code),
        "issued_on": version.issued_on,
    }
    if not DocumentVersion.objects.visible_to(user).filter(pk=version.pk).exists():
        return public
    newest = (
        DocumentVersion.objects.filter(document_id=version.document_id, status=DocumentVersion.Status.FINAL)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return {
        **public,
        "details": True,
        "version": version,
        "kind": version.document.get_kind_display(),
        "issuer": version.document.plan.issuer.name,
        "status": _status(version, newest),
        "signatures": list(version.signatures.order_by("position")),
    }
