"""Audit: each kind of change (create, update, delete — through the app and the admin) is recorded
with the user, the time and before → after, and the office can read it per object."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models as dj_models
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from api import services as api_services
from conftest import status_set
from findings import services as finding_services
from findings.models import DeadlineExtension, Evidence, Explanation, Finding, ItemResult, RemediationAction
from findings.remediation import services as remediation
from findings.tests.conftest import image_upload
from inspections.models import Decision, Plan, Visit
from reports import services as report_services
from reports.models import DocumentVersion, Kind
from tthc_inspect import audit
from tthc_inspect.history import IGNORED_FIELDS, acting_as
from units.roles import GROUP_NAMES, Role
from units.templatetags.people import person_name


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


# --- Generated from the audit registry: every registered slug has a working trail ----------------
#
# Each app registers its own audited models (``tthc_inspect.audit``). For every slug the tests below
# change one object and read the trail as the office (the change is shown), as another agency's
# liaison (404) and in the admin's history page. A slug whose model has no history fails here.

AUDITED = audit.audited_models()


def _first_finding():
    return Finding.objects.order_by("pk").first()


# Models the Kon Tum demo has no row of: how to make one, the way the app would.
MAKE = {
    "findings.Explanation": lambda demo: Explanation.objects.create(
        finding=_first_finding(), author=demo.users["liaison"], text="Đơn vị giải trình"
    ),
    "findings.DeadlineExtension": lambda demo: DeadlineExtension.objects.create(
        action=RemediationAction.objects.order_by("pk").first(),
        requested_by=demo.users["liaison"],
        reason="Chờ kinh phí",
        requested_deadline=datetime.date(2020, 11, 30),
    ),
    "api.ApiToken": lambda demo: api_services.token_create(
        user=demo.users["office"], name="Kết nối phần mềm một cửa", scope="read", days=30
    )[0],
    "reports.DocumentVersion": lambda demo: (
        report_services.document_request(plan=demo.plan, kind=Kind.REPORT, user=demo.users["office"]).version
    ),
}


def an_object(model, demo):
    obj = model.objects.order_by("pk").first()
    if obj is None:
        maker = MAKE.get(model._meta.label)
        assert maker, f"{model._meta.label}: no demo row and no recipe in MAKE"
        obj = maker(demo)
    return obj


def changeable_field(model):
    """A history-tracked field a test may set to any value: text first, else a number."""
    tracked = {f.name for f in model.history.model.tracked_fields}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name in tracked
        and f.editable
        and not (f.primary_key or f.unique or f.choices or f.is_relation)
        and f.name not in IGNORED_FIELDS
    ]
    for kinds in ((dj_models.TextField,), (dj_models.CharField,), (dj_models.IntegerField,)):
        for field in fields:
            if isinstance(field, kinds) and not isinstance(field, (dj_models.EmailField, dj_models.FileField)):
                return field
    raise AssertionError(f"{model._meta.label} has no field a test can change")


def change(obj, user) -> tuple:
    field = changeable_field(type(obj))
    if isinstance(field, dj_models.IntegerField):
        new = (getattr(obj, field.attname) or 0) + 1
    else:
        new = "Sửa để kiểm tra nhật ký"[: field.max_length or 100]
    setattr(obj, field.attname, new)
    with acting_as(user):
        obj.save()
    return field, str(new)


@pytest.mark.parametrize("slug", sorted(AUDITED))
def test_the_audit_page_of_every_registered_model_shows_its_changes_to_the_office_only(client, demo, personas, slug):
    model, office = AUDITED[slug], demo.users["office"]
    obj = an_object(model, demo)
    field, new = change(obj, office)
    url = reverse("inspections:audit_object", args=[slug, obj.pk])
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200, (slug, response.status_code)
    page = response.content.decode()
    office.refresh_from_db()
    assert f"<ins>{escape(new)}</ins>" in page, (slug, field.name)
    assert escape(capfirst(str(field.verbose_name))) in page and escape(person_name(office)) in page
    client.force_login(personas["other_liaison"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("slug", sorted(AUDITED))
def test_the_admin_history_page_of_every_audited_model_shows_its_changes(client, demo, slug):
    model, office = AUDITED[slug], demo.users["office"]
    assert isinstance(admin.site._registry.get(model), SimpleHistoryAdmin), f"{model._meta.label}: no history admin"
    obj = an_object(model, demo)
    _field, new = change(obj, office)
    opts = model._meta
    # The office administers the project's models; Django's own users are for superusers.
    if opts.app_label == "auth":
        client.force_login(User.objects.create_superuser("root", password=None))
    else:
        client.force_login(office)
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
    assert response.status_code == 200, slug
    assert escape(new) in response.content.decode()


def test_every_model_with_history_is_in_the_audit_registry():
    with_history = {m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")}
    assert sorted(m._meta.label for m in with_history) == sorted(m._meta.label for m in AUDITED.values())


def test_a_role_given_in_the_admin_is_in_the_users_trail(client, demo, personas):
    """Roles are group memberships and account flags: granting the office role shows who did it and what."""
    root = User.objects.create_superuser("root", password=None, first_name="Quản trị hệ thống")
    liaison = personas["liaison"]
    office_group = Group.objects.get(name=GROUP_NAMES[Role.OFFICE])
    client.force_login(root)
    change = reverse("admin:auth_user_change", args=[liaison.pk])
    form = client.get(change).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("password", "groups", "user_permissions")
    }
    data |= {"groups": [office_group.pk], "is_staff": "on", "is_active": "on", "date_joined_0": "01/01/2020"}
    data |= {"date_joined_1": "00:00:00", "last_login_0": "", "last_login_1": ""}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    liaison.refresh_from_db()
    assert liaison.is_staff and office_group in liaison.groups.all()
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:audit_object", args=["tai-khoan", liaison.pk])).content.decode()
    assert f"<ins>{escape(GROUP_NAMES[Role.OFFICE])}</ins>" in page  # the group list after the change
    assert "Quản trị hệ thống" in page  # who granted it
    records = list(User.history.filter(id=liaison.pk).order_by("-history_id")[:2])
    assert {r.history_user for r in records} == {root}
    assert not any(hasattr(r, "password") for r in records)  # password hashes stay out of the trail


def form_data(form) -> dict:
    """What a browser would post back for an admin form as shown."""
    data = {}
    for name in form.fields:
        field, value = form[name].field, form[name].value()
        if isinstance(value, bool):
            data |= {name: "on"} if value else {}
        elif isinstance(value, list):
            data[name] = value
        else:
            shown = field.widget.format_value(value) if value is not None else None
            data[name] = "" if shown is None else shown
    return data


def test_the_admin_history_page_reads_a_past_version_but_never_restores_it(client, demo):
    """simple-history's "revert" saved a past row past the workflow services (closed → in progress): refused."""
    office, visit = demo.users["office"], demo.visit("Sở Nội vụ")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)
    visit.refresh_from_db()
    with acting_as(office):
        visit.review_comment = "Đã rà soát"
        visit.save()
        status_set(visit, Visit.Status.CLOSED)
    past = Visit.history.filter(id=visit.pk, status=Visit.Status.IN_PROGRESS).latest("history_id")
    client.force_login(office)
    url = reverse("admin:inspections_visit_simple_history", args=[visit.pk, past.history_id])
    shown = client.get(url)
    assert shown.status_code == 200 and "Đã rà soát" in shown.content.decode()
    before = Visit.history.filter(id=visit.pk).count()
    assert client.post(url, form_data(shown.context["adminform"].form)).status_code == 403
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CLOSED and Visit.history.filter(id=visit.pk).count() == before


def test_rows_present_before_their_history_get_a_baseline_record(demo):
    """Migration units 0004: agencies, officials and users that existed get one record of their state."""
    import importlib

    from units.models import Agency

    migration = importlib.import_module("units.migrations.0004_agency_official_user_history")
    agency = Agency.objects.get(name="UBND tỉnh Kon Tum")
    liaison = demo.users["liaison"]
    for name in ["Agency", "Agency_successors", "Official", "User", "User_groups", "User_user_permissions"]:
        apps.get_model("units", f"Historical{name}").objects.all().delete()  # as before the migration
    migration.baseline(apps, None)
    record = Agency.history.get(id=agency.pk)
    assert record.history_type == "+" and record.history_change_reason == migration.BASELINE_REASON
    assert record.name == agency.name and [r.to_agency_id for r in record.successors.all()] == [
        a.pk for a in agency.successors.all()
    ]
    assert [g.group_id for g in User.history.get(id=liaison.pk).groups.all()] == [g.pk for g in liaison.groups.all()]
    agency.save()  # nothing changed since the baseline: nothing recorded
    assert Agency.history.filter(id=agency.pk).count() == 1


# --- A save that changes nothing records nothing ---------------------------------------------------


def history_rows() -> int:
    return sum(m.objects.count() for m in apps.get_models() if issubclass(m, HistoricalChanges))


@pytest.mark.parametrize("slug", sorted(AUDITED))
def test_saving_an_audited_object_unchanged_records_nothing(demo, slug):
    obj = an_object(AUDITED[slug], demo)
    before = history_rows()
    type(obj).objects.get(pk=obj.pk).save()  # as an update_or_create or a form sent back unchanged
    for field in type(obj)._meta.many_to_many:  # add() of what is already there, set() of the same list
        manager = getattr(obj, field.name)
        if field.name in {f.name for f in obj.history.model._history_m2m_fields}:
            manager.set(list(manager.all()))
            manager.add(*manager.all())
    assert history_rows() == before
    change(obj, demo.users["office"])
    recorded_lists = obj.history.model._history_m2m_fields
    links = sum(getattr(obj, f.name).count() for f in recorded_lists)  # a record copies its lists
    assert history_rows() == before + 1 + links, slug


def test_a_service_save_records_a_change_once_and_a_non_change_never(demo):
    visit, member = demo.visit("Ngọc Hồi"), demo.users["member"]
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)
    row = ItemResult.objects.filter(visit=visit).order_by("pk").first()
    records = ItemResult.history.filter(id=row.pk)
    count = records.count()

    def save(**values):
        current = ItemResult.objects.get(pk=row.pk)
        fields = {"result": current.result, "progress": current.progress, "note": current.note} | values
        finding_services.item_result_save(item_result=current, revision=current.revision, user=member, **fields)

    save()  # the same values again: the revision moves, the trail does not
    assert records.count() == count and ItemResult.objects.get(pk=row.pk).revision == row.revision + 1
    save(note="Thiếu sổ theo dõi")
    assert records.count() == count + 1 and records.latest("history_id").note == "Thiếu sổ theo dõi"
    save(note="Thiếu sổ theo dõi")
    assert records.count() == count + 1

    finding = (
        Finding.objects.filter(visit=visit, evidence__isnull=False).first()
        or Finding.objects.filter(visit=visit).first()
    )
    trail = Finding.history.filter(id=finding.pk)
    count, data = trail.count(), {"description": finding.description, "cause": finding.cause}
    evidence = list(finding.evidence.all())
    finding_services.finding_update(
        finding=finding, user=member, revision=finding.revision, data=data, evidence=evidence
    )
    assert trail.count() == count
    finding_services.finding_update(
        finding=finding,
        user=member,
        revision=finding.revision + 1,
        data={"cause": "Chưa bố trí người"},
        evidence=evidence,
    )
    assert trail.count() == count + 1 and trail.latest("history_id").cause == "Chưa bố trí người"
