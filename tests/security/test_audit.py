"""Audit: each kind of change (create, update, delete — through the app and the admin) is recorded
with the user, the time and before → after, and the office can read it per object."""

import datetime

import pytest
from django.urls import reverse

from findings import services as finding_services
from findings.models import Evidence, Finding, ItemResult, RemediationAction
from findings.remediation import services as remediation
from findings.tests.conftest import image_upload
from inspections.models import Decision, Plan, Visit
from reports import services as report_services
from reports.models import DocumentVersion, Kind


def latest(obj_or_model, pk=None):
    model = obj_or_model if pk is not None else type(obj_or_model)
    return model.history.filter(id=pk if pk is not None else obj_or_model.pk).order_by("-history_date").first()


def test_plan_decision_and_visit_changes_through_the_admin_are_recorded(client, demo):
    office = demo.users["office"]
    client.force_login(office)
    plan = demo.plan
    data = {
        "number": plan.number,
        "issued_on": "04/06/2020",
        "issuer": plan.issuer_id,
        "year": 2020,
        "title": "Tiêu đề đã sửa trong trang quản trị",
        "purpose": plan.purpose,
        "content_areas": plan.content_areas,
        "period_start": "07/08/2020",
        "period_end": "26/08/2020",
        "status": plan.status,
        "checklist": plan.checklist_id or "",
        "decisions-TOTAL_FORMS": 0,
        "decisions-INITIAL_FORMS": 0,
        "visits-TOTAL_FORMS": 0,
        "visits-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:inspections_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = latest(plan)
    assert record.history_user == office and record.history_type == "~"
    change = {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}
    assert change["title"][1] == "Tiêu đề đã sửa trong trang quản trị"
    page = client.get(reverse("inspections:audit_object", args=["ke-hoach", plan.pk])).content.decode()
    assert "Tiêu đề đã sửa trong trang quản trị" in page and "Đặng Thị Phương" in page

    decision = Decision.objects.get(plan=plan)
    client.post(reverse("admin:inspections_decision_delete", args=[decision.pk]), {"post": "yes"})
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert latest(Decision, decision.pk).history_type == "-" and latest(Decision, decision.pk).history_user == office
    assert client.get(reverse("inspections:audit_object", args=["quyet-dinh", decision.pk])).status_code == 200

    visit = demo.visit("Sở Nội vụ")
    client.post(
        reverse("inspections:visit_edit", args=[visit.pk]),
        {
            "agency": visit.agency_id,
            "planned_start": "12/08/2020",
            "planned_end": "13/08/2020",
            "status": "closed",
            "actual_start": "12/08/2020",
            "actual_end": "12/08/2020",
        },
    )
    records = list(visit.history.order_by("-history_date")[:3])  # the row, then its two lists
    assert all(r.history_user == office for r in records)
    changed = {c.field for r in records if r.prev_record for c in r.diff_against(r.prev_record).changes}
    assert "planned_end" in changed


def test_results_findings_evidence_and_actions_are_recorded(client, demo):
    member, liaison, head = demo.users["member"], demo.users["liaison"], demo.users["head"]
    visit = demo.visit("Ngọc Hồi")
    visit.actions.all().delete()
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS, conclusion_issued_on=None)
    visit.refresh_from_db()
    row = ItemResult.objects.filter(visit=visit).order_by("pk").first()
    finding_services.item_result_save(
        item_result=row, revision=row.revision, user=member, result="fail", progress="done", note="Thiếu"
    )
    assert latest(row).history_user == member
    evidence = finding_services.evidence_upload(visit=visit, user=member, upload=image_upload(), caption="Ảnh")
    assert latest(evidence).history_type == "+" and latest(evidence).history_user == member
    finding = finding_services.finding_create(
        visit=visit,
        user=member,
        evidence=[evidence],
        data={"kind": "limitation", "description": "Hạn chế mới", "severity": "low"},
    )
    finding_services.finding_update(
        finding=finding, user=member, revision=0, evidence=[], data={"description": "Hạn chế đã sửa"}
    )
    records = list(finding.history.order_by("-history_date")[:2])  # the row, then its evidence list
    changes = {c.field: c.new for r in records if r.prev_record for c in r.diff_against(r.prev_record).changes}
    assert changes["description"] == "Hạn chế đã sửa" and changes["evidence"] == []
    assert all(r.history_user == member for r in records)
    evidence_pk = evidence.pk
    finding_services.evidence_delete(evidence=evidence, user=member)
    assert latest(Evidence, evidence_pk).history_type == "-"
    temp = finding_services.finding_create(
        visit=visit, user=member, evidence=[], data={"kind": "strength", "description": "Tạm", "severity": ""}
    )
    temp_pk = temp.pk
    finding_services.finding_delete(finding=temp, user=member)
    assert latest(Finding, temp_pk).history_type == "-"

    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CLOSED)
    visit.refresh_from_db()
    (action, *_rest) = remediation.conclusion_issue(visit=visit, issued_on=datetime.date(2020, 9, 15), user=head)
    assert latest(action).history_type == "+"
    remediation.action_report(
        action=action, revision=action.revision, user=liaison, text="Đã làm", uploads=[image_upload()], captions=["Ảnh"]
    )
    action.refresh_from_db()
    remediation.action_verify(action=action, user=head)
    statuses = list(
        RemediationAction.history.filter(id=action.pk).order_by("history_date").values_list("status", flat=True)
    )
    assert statuses[0] == "open" and statuses[-1] == "verified" and "reported" in statuses


def test_final_documents_are_recorded(demo, django_capture_on_commit_callbacks):
    office = demo.users["office"]
    job = report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=office)
    document = job.version.document
    with django_capture_on_commit_callbacks(execute=True):
        report_services.document_finalize(
            document=document,
            user=office,
            number=15,
            issued_on=datetime.date(2020, 8, 26),
            signer_name="Nguyễn Văn A",
            signer_position="Trưởng đoàn",
        )
    version = DocumentVersion.objects.get(document=document, status="final")
    history = list(version.history.order_by("history_date"))
    assert history[0].history_type == "+"
    finals = [h for h in history if h.status == "final"]
    assert finals and finals[0].number == 15
    assert version.sha256 and any(h.sha256 == version.sha256 for h in history)  # the frozen file is in the trail


@pytest.mark.parametrize("who", ["head", "member", "liaison", "leader", "other_liaison"])
def test_only_the_office_reads_the_audit(client, demo, personas, who):
    client.force_login(personas[who])
    assert client.get(reverse("inspections:audit_object", args=["ke-hoach", demo.plan.pk])).status_code == 404
    assert Plan.objects.exists()
