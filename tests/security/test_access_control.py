"""Walks docs/access-control.md: every URL pattern must have a row, and every row holds.

The table is the single source: a new view without a row fails
``test_every_url_pattern_has_a_row``; a row whose codes the code does not honour fails
``test_access``. Each case runs in its own transaction with a fresh demo.
"""

import datetime
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from checklists.services import checklist_default
from findings.models import DeadlineExtension, Evidence, Finding, ItemResult, RemediationAction
from findings.services import evidence_upload, visit_start
from findings.tests.conftest import image_upload, pdf_upload, result_post
from inspections.models import Visit
from reports import services as report_services
from reports.models import Kind, RenderJob

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
    def __init__(self, demo, personas, capture):
        self.demo, self.personas, self.capture = demo, personas, capture
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


def build(name: str, w: World) -> tuple[dict, dict]:
    """(url kwargs, POST data) for a row, after putting the world in the row's state."""
    plan, visit = w.plan, w.visit
    if name in ("inspections:plan_detail", "inspections:plan_edit"):
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
    world = World(demo, personas, django_capture_on_commit_callbacks)
    kwargs, data = build(name, world)
    url = reverse(name, kwargs=kwargs)
    if personas[who] is not None:
        client.force_login(personas[who])
    response = client.post(url, data) if row["method"] == "POST" else client.get(url)
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
