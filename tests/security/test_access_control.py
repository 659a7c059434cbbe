"""Walks docs/access-control.md: every URL pattern must have a row, and every row holds.

The table is the single source: a new view without a row fails
``test_every_url_pattern_has_a_row``; a row whose codes the code does not honour fails
``test_access``. Each case runs in its own transaction with a fresh demo.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.models import ApiToken
from api.services import token_create
from checklists.models import ChecklistTemplate
from checklists.services import checklist_default
from findings.models import (
    DeadlineExtension,
    Evidence,
    Explanation,
    Finding,
    ItemResult,
    RemediationAction,
)
from findings.services import evidence_upload, visit_start
from findings.tests.conftest import image_upload, pdf_upload, result_post
from inspections.models import Plan, Visit
from notices.models import EmailPreference, Notification
from notices.models import Kind as NoticeKind
from reports import services as report_services
from reports.models import (
    ArchivePackage,
    CalendarFeed,
    DashboardPrint,
    DocumentVersion,
    ElectronicCopy,
    Kind,
    PeriodicReport,
    PlanExport,
    RenderJob,
)
from tests.effects import grown, row_counts
from units.models import Official

TABLE = Path(__file__).resolve().parents[2] / "docs" / "access-control.md"
PERSONAS = ["anonymous", "other_liaison", "other_member", "liaison", "member", "head", "office", "leader"]
PUBLIC = {"login", "logout", "set_language", "reports:calendar_feed"}  # test_login.py; the feed: test_calendar.py
# Django's password views (units/auth_urls.py): tested in units/tests/test_accounts.py
PUBLIC |= {"password_change", "password_change_done", "password_reset", "password_reset_done"}
PUBLIC |= {"password_reset_confirm", "password_reset_complete"}


def read_table() -> dict[str, dict]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 + len(PERSONAS) or ":" not in cells[0] or cells[0] == "url":
            continue
        rows[cells[0]] = {"method": cells[1], "codes": dict(zip(PERSONAS, cells[3:], strict=True))}
    return rows


def url_names(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api"):
                continue  # Django's admin: staff only (tested separately); the API: its own table (test_api_access)
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


ROWS = read_table()
# Rows that answer a file (PDF, XLSX, SVG, ZIP, an evidence original), not a page.
FILE_ROWS = {
    "findings:evidence_file",
    "findings:checklist_export",
    "reports:version_download",
    "reports:job_download",
    "dashboards:chart",
    "dashboards:export",
    "dashboards:print_download",
    "inspections:plan_scan",
    "inspections:schedule_template",
    "reports:archive_download",
    "reports:export_download",
    "reports:periodic_download",
    "reports:copy_download",
    "reports:unsigned_download",
}


def test_every_url_pattern_has_a_row():
    missing = sorted(set(url_names()) - set(ROWS) - PUBLIC)
    assert missing == [], f"add these views to docs/access-control.md: {missing}"
    assert set(ROWS) - set(url_names()) == set(), "rows for views that no longer exist"


# --- the objects each row is about ---------------------------------------------------------


class World:
    def __init__(self, demo, personas, capture, who):
        self.demo, self.personas, self.capture, self.who = demo, personas, capture, who
        self.plan = demo.plan
        self.visit = demo.visit("Ngọc Hồi")

    def set_visit(self, status, *, assessed=False, started=True):
        visit = self.visit
        visit.actions.all().delete()
        Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, conclusion_issued_on=None)
        visit.refresh_from_db()
        if status != Visit.Status.SCHEDULED or started is False:
            visit.findings.all().delete()
            visit.item_results.all().delete()
        if status == Visit.Status.SCHEDULED:
            return visit
        visit_start(visit=visit, user=self.demo.users["member"])
        if assessed or status != Visit.Status.IN_PROGRESS:
            ItemResult.objects.filter(visit=visit).update(result="pass")
        Visit.objects.filter(pk=visit.pk).update(status=status)
        visit.refresh_from_db()
        return visit

    def open_action(self):
        return RemediationAction.objects.get(visit=self.visit, status="open")

    def minutes_job(self, *, final=False, status=None):
        office = self.demo.users["office"]
        issued = RenderJob.objects.filter(
            version__document__visit=self.visit, version__document__kind=Kind.MINUTES, version__status="final"
        ).first()
        if final and issued:  # one number in the register: a world built again reuses the issued Biên bản
            return issued
        with self.capture(execute=True):
            job = report_services.document_request(plan=self.plan, kind=Kind.MINUTES, visit=self.visit, user=office)
        if final:
            with self.capture(execute=True):
                job = report_services.document_finalize(
                    document=job.version.document,
                    user=office,
                    number=7,
                    issued_on=datetime.date(2020, 8, 18),
                    signer_name="Nguyễn Văn A",
                    signer_position="Trưởng đoàn",
                )
        if status:
            RenderJob.objects.filter(pk=job.pk).update(status=status)
        job.refresh_from_db()
        return job


PLAN_STEP_FROM = {
    "inspections:plan_issue": Plan.Status.DRAFT,
    "inspections:plan_start": Plan.Status.ISSUED,
    "inspections:plan_complete": Plan.Status.IN_PROGRESS,
}
SCHEDULE_IMPORT = ("inspections:schedule_template", "inspections:schedule_import")
PLAN_STEP_TO = {
    "inspections:plan_issue": Plan.Status.ISSUED,
    "inspections:plan_start": Plan.Status.IN_PROGRESS,
    "inspections:plan_complete": Plan.Status.COMPLETED,
}


def build(name: str, w: World) -> tuple[dict, dict]:
    """(url kwargs, POST data) for a row, after putting the world in the row's state."""
    plan, visit = w.plan, w.visit
    if name in ("inspections:plan_detail", "inspections:plan_edit", *SCHEDULE_IMPORT):
        return {"pk": plan.pk}, {}
    if name in PLAN_STEP_FROM:
        Plan.objects.filter(pk=plan.pk).update(status=PLAN_STEP_FROM[name])
        return {"pk": plan.pk}, {}
    if name == "inspections:plan_delete":  # a draft entered by mistake: no team, no visit yet
        draft = Plan.objects.create(
            number="99/KH-UBND",
            title="Kế hoạch nhập nhầm",
            year=2020,
            issuer=plan.issuer,
            issued_on=datetime.date(2020, 3, 1),
            period_start=datetime.date(2020, 4, 1),
            period_end=datetime.date(2020, 4, 30),
        )
        return {"pk": draft.pk}, {}
    if name == "inspections:visit_delete":
        w.set_visit(Visit.Status.SCHEDULED, started=False)
        return {"pk": visit.pk}, {}
    if name == "inspections:plan_scan":
        plan.signed_scan.save("scan.pdf", pdf_upload())
        return {"pk": plan.pk}, {}
    if name in ("inspections:decision_create", "inspections:visit_create"):
        return {"plan_pk": plan.pk}, {}
    if name == "inspections:decision_edit":
        return {"pk": plan.decisions.get().pk}, {}
    if name in ("inspections:visit_detail", "inspections:visit_edit", "findings:workspace"):
        return {"pk": visit.pk}, {}
    if name == "inspections:audit_object":
        return {"slug": "ke-hoach", "pk": plan.pk}, {}
    if name == "findings:visit_start":
        w.set_visit(Visit.Status.SCHEDULED, started=False)
        return {"pk": visit.pk}, {}
    if name == "findings:visit_submit":
        w.set_visit(Visit.Status.IN_PROGRESS, assessed=True)
        return {"pk": visit.pk}, {}
    if name in ("findings:visit_return", "findings:visit_close"):
        w.set_visit(Visit.Status.SUBMITTED)
        return {"pk": visit.pk}, {"comment": "Bổ sung"}
    if name in ("findings:minutes", "findings:conclusion_issue", "findings:action_create"):
        return {"visit_pk": visit.pk}, {}
    if name == "findings:finding_create":
        w.set_visit(Visit.Status.IN_PROGRESS)
        return {"visit_pk": visit.pk}, {"kind": "strength", "description": "Tốt", "revision": 0}
    if name == "findings:evidence_upload":
        w.set_visit(Visit.Status.IN_PROGRESS)
        return {"visit_pk": visit.pk}, {"file": image_upload(), "caption": "Ảnh"}
    if name == "findings:item_result_save":
        w.set_visit(Visit.Status.IN_PROGRESS)
        row = visit.item_results.order_by("pk").first()
        return {"pk": row.pk}, result_post(row)
    if name in ("findings:finding_detail", "findings:explanation_add"):
        return {"pk": visit.findings.order_by("pk").first().pk}, {"text": "Giải trình"}
    if name == "findings:finding_delete":
        w.set_visit(Visit.Status.IN_PROGRESS)
        finding = Finding.objects.create(visit=visit, kind="strength", description="Tạm")
        return {"pk": finding.pk}, {}
    if name == "findings:evidence_delete":
        w.set_visit(Visit.Status.IN_PROGRESS)
        evidence = evidence_upload(visit=visit, user=w.demo.users["member"], upload=image_upload(), caption="Ảnh")
        return {"pk": evidence.pk}, {}
    if name == "findings:evidence_file":
        return {"pk": Evidence.objects.filter(visit=visit).order_by("pk").first().pk, "variant": "in"}, {}
    if name in ("findings:action_detail", "findings:extension_request"):
        return {"pk": w.open_action().pk}, {"new_deadline": "30/11/2020", "reason": "Chờ kinh phí"}
    if name == "findings:action_report":
        action = w.open_action()
        return {"pk": action.pk}, {
            "text": "Đã làm",
            "caption": "Ảnh",
            "revision": action.revision,
            "file": image_upload(),
        }
    if name == "findings:action_edit":
        action = w.open_action()
        return {"pk": action.pk}, {
            "description": "Sửa",
            "measure": "Sửa",
            "deadline": "30/10/2020",
            "revision": action.revision,
        }
    if name in ("findings:action_verify", "findings:action_return"):
        action = w.open_action()
        RemediationAction.objects.filter(pk=action.pk).update(status="reported", reported_by=w.demo.users["liaison"])
        return {"pk": action.pk}, {"comment": "Chưa đủ"}
    if name in ("findings:extension_grant", "findings:extension_refuse"):
        extension = DeadlineExtension.objects.create(
            action=w.open_action(), reason="x", requested_deadline=datetime.date(2020, 11, 30)
        )
        return {"pk": extension.pk}, {"comment": "Ý kiến"}
    if name == "findings:agency_actions":
        return {"pk": visit.agency_id}, {}
    if name == "findings:checklist_upload":
        upload = io.BytesIO(CHECKLIST_FILE.encode())
        upload.name = "mau.yaml"
        return {}, {"file": upload}
    if name == "notices:read_all":
        user = w.personas[w.who]
        if user is not None:
            Notification.objects.create(user=user, kind="action_due", message="Nhắc hạn khắc phục")
        return {}, {}
    if name == "notices:preferences":
        return {}, {"email": ["visit_submitted"]}
    if name == "reports:calendar_feed_reset":
        return {}, {}
    if name in ("findings:checklist_detail", "findings:checklist_new_version"):
        return {"pk": checklist_default().pk}, {}
    if name == "findings:checklist_export":
        return {"pk": checklist_default().pk, "fmt": "yaml"}, {}
    if name in ("reports:report_request", "reports:followup_request"):
        return {"plan_pk": plan.pk}, {}
    if name == "reports:visit_document_request":
        return {"visit_pk": visit.pk, "kind": Kind.MINUTES}, {}
    if name == "reports:document_finalize":
        job = w.minutes_job()
        return {"pk": job.version.document_id}, {
            "number": 7,
            "issued_on": "18/08/2020",
            "signer_name": "Nguyễn Văn A",
            "signer_position": "Trưởng đoàn",
        }
    if name == "reports:version_narrative":
        job = report_services.document_request(plan=plan, kind=Kind.REPORT, user=w.demo.users["office"])
        return {"pk": job.version_id}, {}
    if name == "reports:version_download":
        return {"pk": w.minutes_job(final=True).version_id}, {}
    if name in ("reports:archive_request", "reports:archive_download"):
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.COMPLETED)
        if name == "reports:archive_request":
            return {"plan_pk": plan.pk}, {}
        from reports.archive.services import archive_request

        with w.capture(execute=True):
            package = archive_request(plan=plan, user=w.demo.users["office"])
        return {"pk": package.pk}, {}
    if name in ("reports:copy_create", "reports:copy_download"):
        version = w.minutes_job(final=True).version
        if name == "reports:copy_create":
            return {"pk": version.pk}, {"form": "SY", "agency_name": "Văn phòng UBND tỉnh Kon Tum"}
        from reports.signing.services import electronic_copy_make

        copy = electronic_copy_make(version=version, user=w.demo.users["office"], form="SY", agency_name="VP")
        return {"pk": copy.pk}, {}
    if name in ("reports:unsigned_download", "reports:verify", "reports:signed_upload"):
        version = w.minutes_job(final=True).version
        if name == "reports:verify":
            return {"code": version.verification_code}, {}
        if name == "reports:unsigned_download":
            return {"pk": version.pk}, {}
        from django.core.files.uploadedfile import SimpleUploadedFile

        from reports.signing.fields import SIGNER_FIELD
        from reports.signing.testing import make_identity, sign_field

        signed = sign_field(version.file.open("rb").read(), make_identity(), SIGNER_FIELD)
        return {"pk": version.pk}, {"signed": SimpleUploadedFile("da-ky.pdf", signed, "application/pdf")}
    if name in ("reports:job_status", "reports:job_download"):
        return {"pk": w.minutes_job().pk}, {}
    if name == "reports:job_retry":
        return {"pk": w.minutes_job(status=RenderJob.Status.FAILED).pk}, {}
    if name == "tokens:revoke":
        owner = w.personas[w.who] or w.demo.users["office"]
        return {"pk": token_create(user=owner, name="Một cửa", scope="read", days=30)[0].pk}, {}
    if name in ("reports:export_status", "reports:export_download"):
        job = PlanExport.objects.create(plan=plan, status=PlanExport.Status.DONE)
        PlanExport.objects.filter(pk=job.pk).update(file=default_storage.save("exports/t.zip", ContentFile(b"PK")))
        return {"pk": job.pk}, {}
    if name in ("reports:periodic_status", "reports:periodic_download"):
        job = PeriodicReport.objects.create(period="2020", issued_on=datetime.date(2021, 1, 5), status="done")
        PeriodicReport.objects.filter(pk=job.pk).update(file=default_storage.save("reports/t.pdf", ContentFile(b"%")))
        return {"pk": job.pk}, {}
    if name == "reports:export_request":
        return {"plan_pk": plan.pk}, {}
    if name in ("units:account_edit", "units:account_active", "units:account_link"):
        member = w.demo.users["member"]
        User.objects.filter(pk=member.pk).update(email="member@example.vn")
        return {"pk": member.pk}, {"active": "0"}
    if name == "units:official_delete":
        return {"pk": Official.objects.create(full_name="Lê Nhập Nhầm", agency=visit.agency).pk}, {}
    if name == "units:official_edit":
        return {"pk": w.demo.users["member"].official.pk}, {}
    if name == "units:account_create":
        official = Official.objects.create(full_name="Lê Văn Mới", agency=visit.agency)
        return {"official_pk": official.pk}, {}
    if name == "pickers:person_add":
        return {"pk": visit.pk}, {"new_full_name": "Người Mới", "new_position": "Chuyên viên"}
    if name in ("units:agency_edit", "units:agency_dissolve", "dashboards:agency"):
        return {"pk": visit.agency_id}, {}
    if name in ("dashboards:print_status", "dashboards:print_download"):
        owner = w.personas[w.who] or w.demo.users["office"]
        job = DashboardPrint.objects.create(query="year=2020", today=datetime.date(2026, 1, 5), requested_by=owner)
        name_ = default_storage.save("reports/dashboards/t.pdf", ContentFile(b"%"))
        DashboardPrint.objects.filter(pk=job.pk).update(status="done", file=name_)
        return {"pk": job.pk}, {}
    if name in ("dashboards:chart", "dashboards:export"):
        return {"name": "co-quan"}, {}
    return {}, {}  # lists and forms without an object


CHECKLIST_FILE = """\
code: thu
title: Mẫu thử
sections:
  - code: A
    title: Công khai
    items:
      - code: A.1
        text: Niêm yết TTHC
        levels: [district, commune]
"""


# --- what each write row changes: read before and after the request ----------------------------
#
# ``STATE[name](world, kwargs)`` reads what the row writes; ``DONE[name](before, after, user)`` says
# whether an allowed request did it. A refused request must leave that state, and the row count of
# every table, as they were (NetBox's and Healthchecks' view tests do the same).


def values(model, pk, *names):
    """The fields of one row, or None once it is deleted."""
    return model.objects.filter(pk=pk).values(*names).first()


def rows(queryset, *names) -> frozenset:
    return frozenset(queryset.values_list("pk", *names))


def new(before: frozenset, after: frozenset) -> list:
    return sorted(after - before)


def _jobs(**document):
    return rows(RenderJob.objects.filter(**{f"version__document__{k}": v for k, v in document.items()}), "requested_by")


STATE = {
    **{name: (lambda w, kw: values(Plan, kw["pk"], "status")) for name in PLAN_STEP_TO},
    "inspections:plan_delete": lambda w, kw: Plan.objects.filter(pk=kw["pk"]).exists(),
    "units:official_delete": lambda w, kw: Official.objects.filter(pk=kw["pk"]).exists(),
    "inspections:visit_delete": lambda w, kw: Visit.objects.filter(pk=kw["pk"]).exists(),
    "findings:visit_start": lambda w, kw: (values(Visit, kw["pk"], "status"), w.visit.item_results.count()),
    "findings:visit_submit": lambda w, kw: values(Visit, kw["pk"], "status"),
    "findings:visit_return": lambda w, kw: values(Visit, kw["pk"], "status", "review_comment"),
    "findings:visit_close": lambda w, kw: values(Visit, kw["pk"], "status"),
    "findings:finding_create": lambda w, kw: rows(w.visit.findings, "description", "created_by"),
    "findings:evidence_upload": lambda w, kw: rows(w.visit.evidence, "caption", "uploaded_by"),
    "findings:item_result_save": lambda w, kw: values(
        ItemResult, kw["pk"], "result", "progress", "revision", "updated_by"
    ),
    "findings:finding_delete": lambda w, kw: values(Finding, kw["pk"], "description"),
    "findings:explanation_add": lambda w, kw: rows(Explanation.objects.filter(finding_id=kw["pk"]), "text", "author"),
    "findings:evidence_delete": lambda w, kw: values(Evidence, kw["pk"], "caption"),
    "findings:action_report": lambda w, kw: values(RemediationAction, kw["pk"], "status", "report_text", "reported_by"),
    "findings:action_edit": lambda w, kw: values(RemediationAction, kw["pk"], "description", "measure", "deadline"),
    "findings:action_verify": lambda w, kw: values(RemediationAction, kw["pk"], "status", "reviewed_by"),
    "findings:action_return": lambda w, kw: values(RemediationAction, kw["pk"], "status", "review_comment"),
    "findings:extension_request": lambda w, kw: rows(
        DeadlineExtension.objects.filter(action_id=kw["pk"]), "status", "requested_deadline", "requested_by"
    ),
    "findings:extension_grant": lambda w, kw: (
        values(DeadlineExtension, kw["pk"], "status", "decided_by"),
        DeadlineExtension.objects.get(pk=kw["pk"]).action.deadline,
    ),
    "findings:extension_refuse": lambda w, kw: values(DeadlineExtension, kw["pk"], "status", "decided_by"),
    "notices:read_all": lambda w, kw: rows(Notification.objects.filter(read_at__isnull=True), "user"),
    "notices:preferences": lambda w, kw: rows(EmailPreference.objects.filter(email=False), "user", "kind"),
    "reports:calendar_feed_reset": lambda w, kw: rows(CalendarFeed.objects.all(), "user", "token"),
    "findings:checklist_upload": lambda w, kw: rows(ChecklistTemplate.objects.all(), "code"),
    "findings:checklist_new_version": lambda w, kw: rows(ChecklistTemplate.objects.all(), "code", "version"),
    "reports:report_request": lambda w, kw: _jobs(plan=w.plan, kind=Kind.REPORT),
    "reports:followup_request": lambda w, kw: _jobs(plan=w.plan, kind=Kind.FOLLOWUP),
    "reports:visit_document_request": lambda w, kw: _jobs(visit=w.visit, kind=Kind.MINUTES),
    "reports:document_finalize": lambda w, kw: rows(
        DocumentVersion.objects.filter(document_id=kw["pk"]), "status", "number", "finalized_by"
    ),
    "reports:job_retry": lambda w, kw: values(RenderJob, kw["pk"], "status", "error"),
    "tokens:revoke": lambda w, kw: values(ApiToken, kw["pk"], "revoked_at"),
    "reports:export_request": lambda w, kw: rows(PlanExport.objects.filter(plan=w.plan), "requested_by"),
    "dashboards:print_request": lambda w, kw: rows(DashboardPrint.objects.all(), "requested_by"),
    "reports:signed_upload": lambda w, kw: values(DocumentVersion, kw["pk"], "signed_sha256", "signed_by"),
    "reports:copy_create": lambda w, kw: rows(ElectronicCopy.objects.filter(version_id=kw["pk"]), "created_by"),
    "reports:archive_request": lambda w, kw: rows(ArchivePackage.objects.filter(plan_id=kw["plan_pk"]), "status"),
    "units:account_active": lambda w, kw: values(User, kw["pk"], "is_active"),
    "units:account_link": lambda w, kw: len(mail.outbox),
    "pickers:person_add": lambda w, kw: rows(Official.objects.filter(agency=w.visit.agency), "full_name"),
}

DONE = {
    **{name: (lambda b, a, user, to=to: a["status"] == to) for name, to in PLAN_STEP_TO.items()},
    "inspections:plan_delete": lambda b, a, user: b and not a,
    "units:official_delete": lambda b, a, user: b and not a,
    "inspections:visit_delete": lambda b, a, user: b and not a,
    "findings:visit_start": lambda b, a, user: a[0]["status"] == Visit.Status.IN_PROGRESS and a[1] > 0 == b[1],
    "findings:visit_submit": lambda b, a, user: a["status"] == Visit.Status.SUBMITTED,
    "findings:visit_return": lambda b, a, user: a == {"status": Visit.Status.IN_PROGRESS, "review_comment": "Bổ sung"},
    "findings:visit_close": lambda b, a, user: a["status"] == Visit.Status.CLOSED,
    "findings:finding_create": lambda b, a, user: [r[1:] for r in new(b, a)] == [("Tốt", user.pk)],
    "findings:evidence_upload": lambda b, a, user: [r[1:] for r in new(b, a)] == [("Ảnh", user.pk)],
    "findings:item_result_save": lambda b, a, user: (
        (a["result"], a["progress"], a["revision"], a["updated_by"]) == ("pass", "done", b["revision"] + 1, user.pk)
    ),
    "findings:finding_delete": lambda b, a, user: b is not None and a is None,
    "findings:explanation_add": lambda b, a, user: [r[1:] for r in new(b, a)] == [("Giải trình", user.pk)],
    "findings:evidence_delete": lambda b, a, user: b is not None and a is None,
    "findings:action_report": lambda b, a, user: (
        a == {"status": "reported", "report_text": "Đã làm", "reported_by": user.pk}
    ),
    "findings:action_edit": lambda b, a, user: (
        a == {"description": "Sửa", "measure": "Sửa", "deadline": datetime.date(2020, 10, 30)}
    ),
    "findings:action_verify": lambda b, a, user: a == {"status": "verified", "reviewed_by": user.pk},
    "findings:action_return": lambda b, a, user: a == {"status": "returned", "review_comment": "Chưa đủ"},
    "findings:extension_request": lambda b, a, user: (
        [r[1:] for r in new(b, a)] == [("pending", datetime.date(2020, 11, 30), user.pk)]
    ),
    "findings:extension_grant": lambda b, a, user: (
        a == ({"status": "granted", "decided_by": user.pk}, datetime.date(2020, 11, 30))
    ),
    "findings:extension_refuse": lambda b, a, user: a == {"status": "refused", "decided_by": user.pk},
    "notices:read_all": lambda b, a, user: any(r[1] == user.pk for r in b) and not any(r[1] == user.pk for r in a),
    "reports:calendar_feed_reset": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "notices:preferences": lambda b, a, user: (
        [r[1:] for r in new(b, a)] == [(user.pk, kind) for kind in NoticeKind if kind != NoticeKind.VISIT_SUBMITTED]
    ),
    "findings:checklist_upload": lambda b, a, user: [r[1] for r in new(b, a)] == ["thu"],
    "findings:checklist_new_version": lambda b, a, user: len(new(b, a)) == 1,
    "reports:report_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:followup_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:visit_document_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:document_finalize": lambda b, a, user: any(r[1:] == ("final", 7, user.pk) for r in a),
    "reports:job_retry": lambda b, a, user: b["status"] == "failed" and a == {"status": "queued", "error": ""},
    "tokens:revoke": lambda b, a, user: b["revoked_at"] is None and a["revoked_at"] is not None,
    "reports:export_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "dashboards:print_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:signed_upload": lambda b, a, user: not b["signed_sha256"] and a["signed_by"] == user.pk,
    "reports:copy_create": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:archive_request": lambda b, a, user: [r[1] for r in new(b, a)] in (["queued"], ["done"]),
    "units:account_active": lambda b, a, user: b == {"is_active": True} and a == {"is_active": False},
    "units:account_link": lambda b, a, user: a == b + 1,
    "pickers:person_add": lambda b, a, user: [r[1:] for r in new(b, a)] == [("Người Mới",)],
}


def test_every_write_row_says_what_it_writes():
    posts = {name for name, row in ROWS.items() if row["method"] == "POST"}
    assert posts == set(STATE) == set(DONE)


OBJECT_TEXT = ["1978/KH-UBND", "Ngọc Hồi"]
# The dashboards' area filter lists the province's administrative areas ("Huyện Ngọc Hồi" among them):
# reference data every user of the province reads, not the inspected agency's.
AREA_SELECT = re.compile(r'<select name="area".*?</select>', re.S)


def response_text(response) -> str:
    """The readable text of a page, an SVG chart or an XLSX export."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    return body.decode()


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_access(client, demo, personas, django_capture_on_commit_callbacks, name, who):
    row = ROWS[name]
    expected = row["codes"][who]
    world = World(demo, personas, django_capture_on_commit_callbacks, who)
    kwargs, data = build(name, world)
    url = reverse(name, kwargs=kwargs)
    user = personas[who]
    if user is not None:
        client.force_login(user)
    state = STATE.get(name, lambda w, kw: None)
    before, counts = state(world, kwargs), row_counts()
    response = client.post(url, data) if row["method"] == "POST" else client.get(url)
    after = state(world, kwargs)
    allowed = expected not in ("login", "403", "404")
    if not allowed or row["method"] == "GET":  # refused, or only reading: nothing written
        assert after == before, f"{name} as {who} changed {before} → {after}"
        assert grown(counts, row_counts()) == {}, f"{name} as {who} wrote rows"
    else:
        assert DONE[name](before, after, user), f"{name} as {who}: {before} → {after}"
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), response.status_code
        return
    code = int(expected.rstrip("∅"))
    assert response.status_code == code, f"{name} as {who}: {response.status_code}, table says {expected}"
    if expected.endswith("∅"):
        content = AREA_SELECT.sub("", response_text(response))
        assert not [text for text in OBJECT_TEXT if text in content], f"{name} shows {who} the object's data"
    if code == 302:
        assert not response["Location"].startswith(reverse("login"))


def test_admin_is_for_staff_only(client, personas):
    for who in ["liaison", "member", "head", "leader", "other_liaison"]:
        client.force_login(personas[who])
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"], who
    client.force_login(personas["office"])
    assert client.get(reverse("admin:index")).status_code == 200
