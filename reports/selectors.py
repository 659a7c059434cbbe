"""Reads for the plan and visit pages: their document panels (versions and latest jobs, three queries each).

The documents' own contexts are in ``reports.documents``.
"""

from django.db.models import Prefetch

from inspections.models import Plan, Visit
from reports.models import Document, DocumentVersion, Kind, RenderJob


def _documents_panel(documents, user) -> list[Document]:
    jobs = RenderJob.objects.visible_to(user).order_by("-created_at", "-pk")
    versions = (
        DocumentVersion.objects.visible_to(user)
        .order_by("-version")
        .prefetch_related(Prefetch("jobs", queryset=jobs, to_attr="job_list"), "signatures", "copies")
    )
    documents = documents.prefetch_related(Prefetch("versions", queryset=versions, to_attr="version_list"))
    return list(documents.order_by("kind", "pk"))


def plan_documents(*, plan: Plan, user) -> dict:
    """The plan's report and follow-up report with their versions and latest jobs (three queries)."""
    docs = {
        d.kind: d
        for d in _documents_panel(
            Document.objects.visible_to(user).filter(plan=plan, kind__in=[Kind.REPORT, Kind.FOLLOWUP]), user
        )
    }
    return {"report": docs.get(Kind.REPORT), "followup": docs.get(Kind.FOLLOWUP)}


def visit_documents(*, visit: Visit, user) -> dict:
    """The visit's Biên bản and Thông báo with their versions and latest jobs (three queries)."""
    docs = {d.kind: d for d in _documents_panel(Document.objects.visible_to(user).filter(visit=visit), user)}
    return {"minutes": docs.get(Kind.MINUTES), "conclusion": docs.get(Kind.CONCLUSION)}
