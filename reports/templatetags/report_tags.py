"""The document panels included by the plan and visit pages (templates/reports/_*_documents.html)."""

from django import template
from django.urls import reverse

from findings.minutes import visit_minutes_gaps
from reports import selectors
from reports.models import Kind, RenderJob
from reports.permissions import can_finalize, can_prepare

register = template.Library()


def _entry(kind: str, document, *, request_url: str, prepare: bool, finalize: bool, formats: list[str]) -> dict:
    versions = getattr(document, "version_list", []) if document else []
    latest = versions[0] if versions else None
    jobs: dict[str, RenderJob] = {}
    for job in getattr(latest, "job_list", []) if latest else []:
        jobs.setdefault(job.format, job)
    return {
        "kind": kind,
        "label": Kind(kind).label,
        "request_url": request_url,  # where "prepare a draft" posts
        "asks_deadline": kind == Kind.CONCLUSION,
        "has_narrative": kind in (Kind.REPORT, Kind.CONCLUSION),  # reports.documents.narrative.PARTS
        "document": document,
        "latest": latest,
        "draft": latest if latest is not None and not latest.is_final else None,
        "jobs": [jobs[f] for f in formats if f in jobs] + [j for f, j in jobs.items() if f not in formats],
        "finals": [v for v in versions if v.is_final],
        "can_prepare": prepare,
        "can_finalize": finalize and document is not None,
        "formats": formats,
    }


@register.inclusion_tag("reports/_panel.html", takes_context=True)
def plan_documents_panel(context, plan):
    user = context["request"].user
    data = selectors.plan_documents(plan=plan, user=user)
    prepare = can_prepare(user, plan)
    finalize = can_finalize(user, plan)
    entries = [
        _entry(
            Kind.REPORT,
            data["report"],
            request_url=reverse("reports:report_request", args=[plan.pk]),
            prepare=prepare,
            finalize=finalize,
            formats=list(RenderJob.Format),
        ),
        _entry(
            Kind.FOLLOWUP,
            data["followup"],
            request_url=reverse("reports:followup_request", args=[plan.pk]),
            prepare=prepare,
            finalize=finalize,
            formats=[RenderJob.Format.PDF],
        ),
    ]
    return {"entries": entries, "request": context["request"], "csrf_token": context.get("csrf_token"), "plan": plan}


@register.inclusion_tag("reports/_panel.html", takes_context=True)
def visit_documents_panel(context, visit):
    user = context["request"].user
    data = selectors.visit_documents(visit=visit, user=user)
    prepare = can_prepare(user, visit.plan)
    finalize = can_finalize(user, visit.plan)
    entries = [
        _entry(
            kind,
            data[kind],
            request_url=reverse("reports:visit_document_request", args=[visit.pk, kind]),
            prepare=prepare,
            finalize=finalize,
            formats=[RenderJob.Format.PDF],
        )
        for kind in (Kind.MINUTES, Kind.CONCLUSION)
    ]
    entries = [e for e in entries if e["document"] is not None or prepare]
    if prepare and entries and entries[0]["kind"] == Kind.MINUTES:
        entries[0]["warnings"] = visit_minutes_gaps(visit)  # before a Biên bản is requested
    return {
        "entries": entries,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "visit": visit,
    }


@register.inclusion_tag("reports/_archive.html", takes_context=True)
def plan_archive_panel(context, plan):
    """'Lập hồ sơ lưu trữ' (office only): the button on a completed plan and the latest packages (one query)."""
    from reports.models import ArchivePackage

    user = context["request"].user
    office = can_finalize(user, plan)
    packages = list(ArchivePackage.objects.filter(plan=plan).order_by("-pk")[:5]) if office else []
    return {"office": office, "plan": plan, "packages": packages, "csrf_token": context.get("csrf_token")}
