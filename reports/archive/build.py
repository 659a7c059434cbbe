"""What goes into a plan's archive ZIP, and the metadata record of each document.

Layout (docs/archive.md §7):

    README.txt                                   the layout, in Vietnamese and English
    manifest.json, SHA256SUMS                    SHA-256 and size of every other file
    ho-so.json                                   the plan: number, date, issuer, title, period, status
    van-ban/<loai>[-<don-vi>]/v<N>/ban-phat-hanh.pdf   issued copy (signed once uploaded)
    van-ban/<loai>[-<don-vi>]/v<N>/ban-dua-ky.pdf      the unsigned file offered for signing (if signed)
    van-ban/<loai>[-<don-vi>]/v<N>/ban-sao-<id>.pdf    electronic copies
    van-ban/<loai>[-<don-vi>]/v<N>/metadata.json       the document's metadata record
    van-ban/<loai>[-<don-vi>]/du-thao/v<N>-<job>.pdf   drafts' history (every rendered draft PDF)
    chung-cu/<don-vi>/<id>-<ten-tep>                    evidence originals
"""

import io
import json
import re

from django.core.files.storage import default_storage

from reports.formatting import doc_number
from reports.models import DocumentVersion, RenderJob
from tthc_inspect.text import fold

README = """HỒ SƠ LƯU TRỮ — kế hoạch {number}
Lập bởi phần mềm Kiểm tra công tác kiểm soát TTHC. Cấu trúc / layout:
- manifest.json, SHA256SUMS: SHA-256 của mọi tệp (kiểm tra: sha256sum -c SHA256SUMS, hoặc
  python manage.py archive_verify <tệp.zip>) / SHA-256 of every file.
- ho-so.json: thông tin kế hoạch / the plan.
- van-ban/<loại>[-<đơn vị>]/v<N>/: ban-phat-hanh.pdf (bản phát hành, đã ký số nếu có), ban-dua-ky.pdf
  (bản đưa ký), ban-sao-*.pdf (bản sao điện tử), metadata.json (thông tin văn bản / metadata record).
- van-ban/<loại>[-<đơn vị>]/du-thao/: các bản dự thảo đã tạo / drafts' history.
- chung-cu/<đơn vị>/: tệp gốc của chứng cứ / evidence originals.
"""


def slug(text: str) -> str:
    """A member name segment the package format allows (``[a-z0-9._-]``, from a letter or digit)."""
    return re.sub(r"[^a-z0-9._-]+", "-", fold(text).lower()).strip("-._")[:60].rstrip("-._") or "x"


def folder(document) -> str:
    name = document.kind
    if document.visit_id:
        name += "-" + slug(document.visit.agency.name)
    return f"van-ban/{name}"


def _pdf_facts(name: str) -> dict:
    """Page count and XMP subject of a stored PDF (pikepdf); empty if unreadable."""
    import pikepdf

    try:
        with default_storage.open(name, "rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as pdf:
            meta = pdf.open_metadata()
            return {"pages": len(pdf.pages), "subject": meta.get("dc:description") or "", "title": meta.get("dc:title")}
    except Exception:  # an old plain PDF without XMP, or a damaged file: the record says nothing
        return {}


def metadata_record(version: DocumentVersion, signatures: list, issued_path: str, sha256: str) -> dict:
    """The metadata record of one issued document (fields chosen: docs/archive.md §7)."""
    document = version.document
    facts = _pdf_facts(version.issued_file.name)
    return {
        "so_ky_hieu": doc_number(version.number, document.type_code),
        "ngay_van_ban": version.issued_on.isoformat(),
        "co_quan_ban_hanh": document.plan.issuer.name,
        "loai_van_ban": document.get_kind_display(),
        "ma_loai": document.type_code,
        "trich_yeu": facts.get("subject", ""),
        "tieu_de": facts.get("title") or "",
        "nguoi_ky": version.signer_name,
        "chuc_vu_nguoi_ky": version.signer_position,
        "chu_ky_so": [
            {
                "nguoi_ky": s.signer_name,
                "chu_the": s.subject,
                "to_chuc_cap": s.issuer,
                "thoi_diem_ky": str(s.signing_time),
            }
            for s in signatures
        ],
        "so_trang": facts.get("pages"),
        "phien_ban": version.version,
        "ma_xac_thuc": version.verification_code or "",
        "ngon_ngu": "vi",
        "dinh_dang": "PDF/A-3u" if facts.get("title") else "PDF",
        "tep": issued_path,
        "sha256": sha256,
        "ban_hanh_luc": version.finalized_at.isoformat() if version.finalized_at else "",
    }


def plan_record(plan) -> dict:
    return {
        "so_ky_hieu": plan.number,
        "ngay": plan.issued_on.isoformat() if plan.issued_on else "",
        "co_quan_ban_hanh": plan.issuer.name,
        "ten": plan.title,
        "thoi_gian": [str(plan.period_start), str(plan.period_end)],
        "trang_thai": plan.get_status_display(),
    }


def plan_versions(plan):
    return (
        DocumentVersion.objects.filter(document__plan=plan, status=DocumentVersion.Status.FINAL)
        .select_related("document__plan__issuer", "document__visit__agency")
        .prefetch_related("signatures", "copies")
        .order_by("document__kind", "document__visit_id", "version")
    )


def draft_jobs(plan):
    return (
        RenderJob.objects.filter(
            version__document__plan=plan,
            final=False,
            format=RenderJob.Format.PDF,
            status=RenderJob.Status.DONE,
        )
        .select_related("version__document__visit__agency")
        .order_by("pk")
    )


def json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
