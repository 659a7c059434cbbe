"""Writes of the electronic issue: accept a signed upload (one transaction, under the version's lock)."""

import hashlib
import secrets

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.formatting import doc_number
from reports.models import DocumentVersion, ElectronicCopy, Signature
from reports.signing.copies import electronic_copy
from reports.signing.upload import SignedFileRefused, signed_file_check
from tthc_inspect.history import records_user


def _store(content: bytes, folder: str = "signed") -> str:
    from reports.services import store_file

    name = f"reports/{folder}/{secrets.token_hex(16)}.pdf"
    store_file(name, content)
    return name


@records_user
@transaction.atomic
def signed_upload_accept(*, version: DocumentVersion, content: bytes, user) -> DocumentVersion:
    """Check the signed file against the offered one; if it is ours plus signatures, it becomes the issued copy.

    The offered (unsigned) file stays as ``file`` (history); a second upload for the version is refused.
    """
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_final or not version.file:
        raise SignedFileRefused(_("Chỉ tải lên bản đã ký của văn bản đã ban hành và đã có tệp PDF."))
    if version.signed_file:
        raise SignedFileRefused(_("Phiên bản này đã có bản đã ký; không tải lên lần thứ hai."))
    with default_storage.open(version.file.name, "rb") as handle:
        offered = handle.read()
    check = signed_file_check(signed=content, offered=offered, recorded_sha256=version.sha256)
    version.signed_file = _store(content)
    version.signed_sha256, version.signed_size = check.sha256, check.size
    version.signed_at, version.signed_by = timezone.now(), user
    version.save(update_fields=["signed_file", "signed_sha256", "signed_size", "signed_at", "signed_by"])
    Signature.objects.bulk_create(
        Signature(
            version=version,
            position=index,
            field_name=report.field_name[:100],
            signer_name=report.signer_name[:255],
            subject=report.subject[:500],
            issuer=report.issuer[:500],
            serial=report.serial[:100],
            signing_time=report.signing_time,
            intact=report.intact,
            trusted=report.trusted,
            trust_note=report.trust_note[:300],
        )
        for index, report in enumerate(check.signatures, start=1)
    )
    return version


@records_user
@transaction.atomic
def electronic_copy_make(*, version: DocumentVersion, user, form: str, agency_name: str) -> ElectronicCopy:
    """'Sao y điện tử' of the version's issued file (the signed one once uploaded), stamped and with a field."""
    if not version.is_final or not version.file:
        raise SignedFileRefused(_("Chỉ sao văn bản đã ban hành và đã có tệp PDF."))
    with default_storage.open(version.issued_file.name, "rb") as handle:
        issued = handle.read()
    moment = timezone.now()
    content = electronic_copy(
        issued,
        form_label=ElectronicCopy.Form(form).label,
        agency=agency_name.strip(),
        moment=moment,
        number=doc_number(version.number, version.document.type_code),
    )
    return ElectronicCopy.objects.create(
        version=version,
        form=form,
        agency_name=agency_name.strip(),
        copied_at=moment,
        file=_store(content, "copies"),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_by=user,
    )
