"""Checking a file signed with the province's token software before it becomes the issued copy.

Accepted only if it is our file with signatures added:

1. its first bytes are exactly the file offered for signing, whose SHA-256 was recorded
   (``DocumentVersion.sha256``): the signed revision's unsigned content is ours;
2. everything after them is incremental updates that only sign: the pages (count, content
   streams, resources, boxes) and the annotations other than signature widgets are the same as in
   the offered file, and pyHanko's difference analysis of each signature finds nothing beyond form
   filling (a signature, its appearance, validation data);
3. every signature is intact and cryptographically valid (pyHanko), and signs a revision that
   comes after the offered file.

Trust is reported, not required: with the province's CA roots (``SIGNATURE_TRUST_ROOTS``) a chain
to one of them is "trusted"; without them the app says it could not establish the certificate.
No network: revocation is not fetched (soft-fail), which the report says.
"""

import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# Stored with each signature as the record of what was established (Vietnamese, the record's language).
UNKNOWN_TRUST = "chưa xác định được chứng thư"
TRUSTED = "chứng thư tin cậy (chuỗi đến CA gốc của tỉnh, chưa kiểm tra thu hồi)"
UNTRUSTED = "chứng thư không tin cậy (không có chuỗi đến CA gốc của tỉnh)"


class SignedFileRefused(ValueError):
    """The uploaded file is not our document with signatures added; the message says why (Vietnamese)."""


@dataclass
class SignatureReport:
    field_name: str
    signer_name: str
    subject: str
    issuer: str
    serial: str
    signing_time: datetime | None
    intact: bool
    trusted: bool | None
    trust_note: str


@dataclass
class SignedCheck:
    sha256: str
    size: int
    signatures: list[SignatureReport] = field(default_factory=list)


def trust_roots() -> list:
    """The province's CA roots (asn1crypto certificates) from SIGNATURE_TRUST_ROOTS, PEM or DER files."""
    from pyhanko.keys import load_certs_from_pemder

    paths = [p for p in settings.SIGNATURE_TRUST_ROOTS if p]
    return list(load_certs_from_pemder(paths)) if paths else []


def _refuse(message: str):
    raise SignedFileRefused(message)


def _page_fingerprint(page) -> tuple:
    """What a signature must not change on a page: contents, resources, boxes, non-widget annotations."""
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    resources = page.obj.get("/Resources") or pikepdf.Dictionary()
    names = tuple(
        (str(kind), tuple(sorted(str(n) for n in resources[kind])))
        for kind in sorted(resources.keys())
        if isinstance(resources[kind], pikepdf.Dictionary)
    )
    annots = tuple(
        (str(a.get("/Subtype")), str(a.get("/Rect")), str(a.get("/Contents", "")))
        for a in page.obj.get("/Annots") or []
        if a.get("/Subtype") != "/Widget"
    )
    digests = tuple(hashlib.sha256(s.read_raw_bytes()).hexdigest() for s in streams)
    return digests, names, str(page.obj.get("/MediaBox")), annots


def _pages(content: bytes) -> list[tuple]:
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        return [_page_fingerprint(page) for page in pdf.pages]


def _same_pages(offered: bytes, signed: bytes) -> None:
    if _pages(offered) != _pages(signed):
        _refuse(_("Tệp đã ký có thay đổi nội dung trang so với văn bản đưa ký (thêm, bớt hoặc sửa trang)."))


def _name(cert) -> str:
    try:
        return cert.subject.native.get("common_name") or cert.subject.human_friendly
    except Exception:  # an odd subject: show it as it is
        return cert.subject.human_friendly


def _signature_report(embedded, roots: list) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # Never the operating system's list: only the province's roots count (none → trust not established).
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    if not (status.intact and status.valid):
        _refuse(_("Chữ ký “%(field)s” không toàn vẹn: tệp đã bị sửa sau khi ký.") % {"field": embedded.field_name})
    level = status.modification_level
    if level is None or level > ModificationLevel.FORM_FILLING or status.docmdp_ok is False:
        _refuse(_("Sau chữ ký “%(field)s” tệp có thay đổi khác ngoài việc ký.") % {"field": embedded.field_name})
    cert = status.signing_cert
    if roots:
        trusted = bool(status.trusted)
        note = TRUSTED if trusted else UNTRUSTED
    else:
        trusted, note = None, UNKNOWN_TRUST
    return SignatureReport(
        field_name=embedded.field_name,
        signer_name=_name(cert),
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "X"),
        signing_time=status.signer_reported_dt,
        intact=True,
        trusted=trusted,
        trust_note=note,
    )


def _signatures(signed: bytes, offered: bytes) -> list:
    from pyhanko.pdf_utils.reader import PdfFileReader

    revisions = PdfFileReader(io.BytesIO(offered), strict=False).xrefs.total_revisions
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        _refuse(_("Tệp tải lên chưa có chữ ký số nào."))
    for embedded in signatures:
        if embedded.signed_revision < revisions:
            _refuse(_("Tệp tải lên có chữ ký đặt trước văn bản đưa ký: không phải bản đã ký của văn bản này."))
    return signatures


def signed_file_check(*, signed: bytes, offered: bytes, recorded_sha256: str) -> SignedCheck:
    """Validate an uploaded signed file against the offered one; SignedFileRefused says why it is not accepted."""
    if hashlib.sha256(offered).hexdigest() != recorded_sha256:
        _refuse(_("Tệp đưa ký lưu trên máy chủ không khớp mã SHA-256 đã ghi: báo quản trị viên."))
    if len(signed) <= len(offered) or signed[: len(offered)] != offered:
        _refuse(
            _(
                "Tệp tải lên không phải văn bản này có thêm chữ ký: phần đầu tệp khác bản đưa ký "
                "(sai văn bản, hoặc tệp đã bị sửa)."
            )
        )
    try:
        _same_pages(offered, signed)
        roots = trust_roots()
        reports = [_signature_report(embedded, roots) for embedded in _signatures(signed, offered)]
    except SignedFileRefused:
        raise
    except Exception as exc:  # any parser failure on an untrusted file: one message, never a 500
        logger.info("Signed upload refused: %s: %s", type(exc).__name__, exc)
        _refuse(_("Không đọc được chữ ký số trong tệp: tệp bị hỏng hoặc không hợp lệ."))
    return SignedCheck(sha256=hashlib.sha256(signed).hexdigest(), size=len(signed), signatures=reports)
