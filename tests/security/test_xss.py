"""Hostile text typed into every free-text field is shown as text: in pages, in the admin, in PDFs."""

import datetime

import pytest
from django.urls import reverse

from findings.models import (
    DeadlineExtension,
    Evidence,
    Explanation,
    Finding,
    ItemResult,
    RemediationAction,
    VisitMinutes,
)
from inspections.models import Decision, TeamMember
from reports.documents.common import DocumentParams
from reports.models import Document, Kind
from reports.rendering import document_render, pdf_text
from units.models import Official

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"


@pytest.fixture
def hostile(demo):
    """Every free-text field of the Ngọc Hồi visit and what hangs from it carries the payload."""
    plan, visit = demo.plan, demo.visit("Ngọc Hồi")
    plan.title, plan.purpose, plan.content_areas = f"Kế hoạch {PAYLOAD}", PAYLOAD, PAYLOAD
    plan.save()
    Decision.objects.filter(plan=plan).update(title=PAYLOAD, signer_name=PAYLOAD)
    member = TeamMember.objects.filter(decision__plan=plan).first()
    Official.objects.filter(pk=member.official_id).update(full_name=f"Cán bộ {PAYLOAD}", position=PAYLOAD)
    visit.people_notes = PAYLOAD
    visit.review_comment = PAYLOAD
    visit.save()
    ItemResult.objects.filter(visit=visit).update(note=PAYLOAD)
    Finding.objects.filter(visit=visit).update(description=f"Hạn chế {PAYLOAD}", cause=PAYLOAD, recommendation=PAYLOAD)
    finding = Finding.objects.filter(visit=visit).first()
    Explanation.objects.create(finding=finding, text=PAYLOAD)
    Evidence.objects.filter(visit=visit).update(caption=PAYLOAD)
    VisitMinutes.objects.filter(visit=visit).update(summary=PAYLOAD, place=PAYLOAD, chair=PAYLOAD)
    RemediationAction.objects.filter(visit=visit).update(
        description=f"Khắc phục {PAYLOAD}", measure=PAYLOAD, report_text=PAYLOAD, review_comment=PAYLOAD
    )
    action = RemediationAction.objects.filter(visit=visit).first()
    DeadlineExtension.objects.create(action=action, requested_deadline=datetime.date(2020, 12, 1), reason=PAYLOAD)
    return {"plan": plan, "visit": visit, "finding": finding, "action": action}


def pages(h):
    plan, visit, finding, action = h["plan"], h["visit"], h["finding"], h["action"]
    return [
        reverse("inspections:plan_list"),
        reverse("inspections:plan_detail", args=[plan.pk]),
        reverse("inspections:visit_detail", args=[visit.pk]),
        reverse("findings:workspace", args=[visit.pk]),
        reverse("findings:finding_detail", args=[finding.pk]),
        reverse("findings:minutes", args=[visit.pk]),
        reverse("findings:action_list"),
        reverse("findings:action_detail", args=[action.pk]),
        reverse("findings:agency_actions", args=[visit.agency_id]),
        reverse("notices:list"),
        reverse("inspections:audit_object", args=["ke-hoach", plan.pk]),
    ]


@pytest.mark.parametrize("who", ["office", "member", "liaison"])
def test_pages_escape_hostile_text(client, demo, hostile, who):
    client.force_login(demo.users[who])
    for url in pages(hostile):
        response = client.get(url)
        if response.status_code != 200:
            continue  # e.g. the audit page for non-office users
        content = response.content.decode()
        assert '<script>alert("xss")' not in content, url
        assert "<img src=x" not in content, url


def test_the_admin_escapes_hostile_text(client, demo, hostile):
    client.force_login(demo.users["office"])
    for url in [
        reverse("admin:inspections_plan_changelist"),
        reverse("admin:inspections_plan_change", args=[hostile["plan"].pk]),
        reverse("admin:findings_finding_changelist"),
        reverse("admin:findings_finding_change", args=[hostile["finding"].pk]),
        reverse("admin:findings_evidence_changelist"),
        reverse("admin:units_official_changelist"),
    ]:
        content = client.get(url).content.decode()
        assert '<script>alert("xss")' not in content and "<img src=x" not in content, url
        assert ESCAPED in content or "&lt;script&gt;" in content, url


@pytest.mark.parametrize("kind", [Kind.REPORT, Kind.MINUTES, Kind.CONCLUSION])
def test_pdfs_print_hostile_text_as_text(demo, hostile, kind):
    visit = None if kind == Kind.REPORT else hostile["visit"]
    document = Document.objects.create(plan=hostile["plan"], visit=visit, kind=kind)
    rendered = document_render(
        document=document,
        params=DocumentParams(issued_on=datetime.date(2020, 9, 15), deadline=datetime.date(2020, 10, 15)),
    )
    assert '<script>alert("xss")</script>' not in rendered.html  # escaped in the HTML given to WeasyPrint
    text = pdf_text(rendered.content).replace("\n", "")
    assert "<script>alert(" in text  # …and printed as the characters the user typed
    assert rendered.fetcher.refused == []  # the <img src=x> was text, so nothing was even asked for
