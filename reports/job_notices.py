"""The notice that a requested document is ready: to whoever asked, once per job (its key)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from notices.models import Kind
from notices.services import notify
from reports.models import RenderJob


def document_ready(job: RenderJob) -> None:
    """Called in the transaction that marks the job done; a re-run of the job adds nothing (the key)."""
    if job.requested_by is None:
        return
    document = job.version.document
    if document.visit_id:
        url = reverse("inspections:visit_detail", args=[document.visit_id])
        subject = document.visit.agency.name
    else:
        url = reverse("inspections:plan_detail", args=[document.plan_id])
        subject = document.plan.number
    with override("vi"):
        message = _("Đã tạo xong %(kind)s (%(format)s): %(subject)s") % {
            "kind": document.get_kind_display(),
            "format": job.format.upper(),
            "subject": subject,
        }
    notify(users=[job.requested_by], kind=Kind.DOCUMENT_READY, message=message, url=url, key=f"render-job:{job.pk}")
