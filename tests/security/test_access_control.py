"""Walks docs/access-control.md: every URL pattern must have a row, and every row holds.

The table is the single source: a new view without a row fails
``test_every_url_pattern_has_a_row``; a row whose codes the code does not honour fails
``test_access``. Each case runs in its own transaction with a fresh demo.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from checklists.models import ChecklistTemplate
from checklists.services import checklist_default
from findings.models import (
    DeadlineExtension,
    Evidence,
    Explanation,
    Finding,
    ItemResult,
    Notification,
    RemediationAction,
)
from findings.services import evidence_upload, visit_start
from findings.tests.conftest import image_upload, pdf_upload, result_post
from inspections.models import Plan, Visit
from reports import services as report_services
from reports.models import DocumentVersion, Kind, RenderJob
from tests.effects import grown, row_counts

TABLE = Path(__file__).resolve().parents[2] / "docs" / "access-control.md"
PERSONAS = ["anonymous", "other_liaison", "other_member", "liaison", "member", "head", "office", "leader"]
PUBLIC = {"login", "logout", "set_language"}  # tested in test_login.py


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
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, guarded by its own login (tested separately)
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


ROWS = read_table()


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
PLAN_STEP_TO = {
    "inspections:plan_issue": Plan.Status.ISSUED,
    "inspections:plan_start": Plan.Status.IN_PROGRESS,
    "inspections:plan_complete": Plan.Status.COMPLETED,
}


def build(name: str, w: World) -> tuple[dict, dict]:
    """(url kwargs, POST data) for a row, after putting the world in the row's state."""
    plan, visit = w.plan, w.visit
    if name in ("inspections:plan_detail", "inspections:plan_edit"):
        return {"pk": plan.pk}, {}
    if name in PLAN_STEP_FROM:
        Plan.objects.filter(pk=plan.pk).update(status=PLAN_STEP_FROM[name])
        return {"pk": plan.pk}, {}
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
    if name == "findings:notifications_read":
        user = w.personas[w.who]
        if user is not None:
            Notification.objects.create(user=user, message="Nhắc hạn khắc phục")
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
    if name == "reports:version_download":
        return {"pk": w.minutes_job(final=True).version_id}, {}
    if name in ("reports:job_status", "reports:job_download"):
        return {"pk": w.minutes_job().pk}, {}
    if name == "reports:job_retry":
        return {"pk": w.minutes_job(status=RenderJob.Status.FAILED).pk}, {}
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
    "findings:notifications_read": lambda w, kw: rows(Notification.objects.filter(read_at__isnull=True), "user"),
    "findings:checklist_upload": lambda w, kw: rows(ChecklistTemplate.objects.all(), "code"),
    "findings:checklist_new_version": lambda w, kw: rows(ChecklistTemplate.objects.all(), "code", "version"),
    "reports:report_request": lambda w, kw: _jobs(plan=w.plan, kind=Kind.REPORT),
    "reports:followup_request": lambda w, kw: _jobs(plan=w.plan, kind=Kind.FOLLOWUP),
    "reports:visit_document_request": lambda w, kw: _jobs(visit=w.visit, kind=Kind.MINUTES),
    "reports:document_finalize": lambda w, kw: rows(
        DocumentVersion.objects.filter(document_id=kw["pk"]), "status", "number", "finalized_by"
    ),
    "reports:job_retry": lambda w, kw: values(RenderJob, kw["pk"], "status", "error"),
}

DONE = {
    **{name: (lambda b, a, user, to=to: a["status"] == to) for name, to in PLAN_STEP_TO.items()},
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
    "findings:notifications_read": lambda b, a, user: (
        any(r[1] == user.pk for r in b) and not any(r[1] == user.pk for r in a)
    ),
    "findings:checklist_upload": lambda b, a, user: [r[1] for r in new(b, a)] == ["thu"],
    "findings:checklist_new_version": lambda b, a, user: len(new(b, a)) == 1,
    "reports:report_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:followup_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:visit_document_request": lambda b, a, user: [r[1] for r in new(b, a)] == [user.pk],
    "reports:document_finalize": lambda b, a, user: any(r[1:] == ("final", 7, user.pk) for r in a),
    "reports:job_retry": lambda b, a, user: b["status"] == "failed" and a == {"status": "queued", "error": ""},
}


def test_every_write_row_says_what_it_writes():
    posts = {name for name, row in ROWS.items() if row["method"] == "POST"}
    assert posts == set(STATE) == set(DONE)


OBJECT_TEXT = ["1978/KH-UBND", "Ngọc Hồi"]


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
        content = response_text(response)
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
