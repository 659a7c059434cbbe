"""The API's writes: the page's form validates the input, the page's service writes (audited as from
the pages: simple-history takes the user from the request), the page's permission check decides.

A refusal raises; api/exceptions.py turns it into 400 (with the messages), 403, 404 or 409.
"""

import contextlib
import datetime
import re

from django import forms
from django.core.exceptions import PermissionDenied

from api.exceptions import FormInvalid
from checklists.models import ChecklistItem
from findings import services as finding_services
from findings.forms import FindingForm, ItemResultForm, ReturnForm
from findings.models import Evidence
from findings.permissions import (
    can_record,
    can_review,
    can_start,
    can_submit,
    get_finding_for_user,
    get_item_result_for_user,
)
from findings.remediation import services as remediation_services
from findings.remediation.forms import ActionForm, ExtensionRequestForm, ReportForm, ReviewForm
from findings.remediation.permissions import can_manage, can_report, can_request_extension, get_action_for_user
from findings.remediation.permissions import can_review as can_review_action
from findings.remediation.selectors import earlier_limitations_queryset
from inspections import services as plan_services
from inspections.permissions import get_plan_for_user, get_visit_for_user
from reports import services as report_services
from reports.forms import RequestForm
from reports.models import PLAN_KINDS, Kind
from reports.permissions import can_prepare, get_job_for_user
from tthc_inspect.forms import parse_id

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid(form):
    if not form.is_valid():
        raise FormInvalid(form.errors)
    return form.cleaned_data


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def plain(data, dates=()) -> dict:
    """A request body as a form's data: lists kept (evidence ids), ISO dates read as dates."""
    getlist = getattr(data, "getlist", None)
    out = {key: (getlist(key) if getlist and len(getlist(key)) > 1 else data[key]) for key in data}
    for key in dates:
        value = out.get(key)
        if isinstance(value, str) and ISO_DATE.match(value):
            with contextlib.suppress(ValueError):  # not a date: the form says so
                out[key] = datetime.date.fromisoformat(value)
    return out


# --- Results and findings ------------------------------------------------------------------------


def item_result_save(*, user, pk: int, data) -> object:
    row = get_item_result_for_user(user, pk, write=True)
    body = {"result": row.result, "progress": row.progress, "note": row.note, **plain(data)}
    cleaned = valid(ItemResultForm(body, instance=row))
    return finding_services.item_result_save(
        item_result=row,
        revision=cleaned["revision"],
        user=user,
        result=cleaned["result"],
        progress=cleaned["progress"],
        note=cleaned["note"],
    )


def _finding_form(visit, data, instance=None) -> FindingForm:
    """The workspace's finding form, with its choices limited to this visit as on the page."""
    return FindingForm(
        data,
        instance=instance,
        visit=visit,
        items=ChecklistItem.objects.filter(results__visit=visit).order_by("section__order", "order", "pk"),
        evidence=Evidence.objects.filter(visit=visit).order_by("pk"),
        earlier=earlier_limitations_queryset(visit=visit),
    )


def finding_create(*, user, data):
    body = plain(data)
    visit = get_visit_for_user(user, _id(body, "visit"))
    require(can_record(user, visit))
    form = _finding_form(visit, {"revision": 0, **body})
    cleaned = valid(form)
    return finding_services.finding_create(
        visit=visit, user=user, data=form.data_for_service, evidence=list(cleaned["evidence"])
    )


def finding_update(*, user, pk: int, data):
    finding = get_finding_for_user(user, pk, write=True)
    current = {
        "kind": finding.kind,
        "item": finding.item_id,
        "description": finding.description,
        "cause": finding.cause,
        "recommendation": finding.recommendation,
        "severity": finding.severity,
        "evidence": list(finding.evidence.values_list("pk", flat=True)),
        "earlier_finding": finding.earlier_finding_id,
    }
    form = _finding_form(finding.visit, {**current, **plain(data)}, instance=finding)
    cleaned = valid(form)
    return finding_services.finding_update(
        finding=finding,
        user=user,
        revision=cleaned["revision"],
        data=form.data_for_service,
        evidence=list(cleaned["evidence"]),
    )


def finding_delete(*, user, pk: int) -> None:
    finding_services.finding_delete(finding=get_finding_for_user(user, pk, write=True), user=user)


def _id(body: dict, name: str) -> int:
    """An id the body must carry; missing or not an id → 400 on that field, as a form says it."""
    found = parse_id(body.get(name))
    if found is None:
        raise FormInvalid({name: [forms.Field.default_error_messages["required"]]})
    return found


# --- Remediation steps ---------------------------------------------------------------------------


def action_update(*, user, pk: int, data):
    action = get_action_for_user(user, pk)
    require(can_manage(user, action))
    body = {"description": action.description, "measure": action.measure, "deadline": action.deadline}
    cleaned = valid(ActionForm({**body, **plain(data, dates=["deadline"])}))
    return remediation_services.action_update(
        user=user,
        action=action,
        revision=cleaned["revision"] or 0,
        description=cleaned["description"],
        measure=cleaned["measure"],
        deadline=cleaned["deadline"],
    )


def action_report(*, user, pk: int, data, files):
    action = get_action_for_user(user, pk)
    require(can_report(user, action))
    cleaned = valid(ReportForm(plain(data), files))
    upload = cleaned["file"]
    return remediation_services.action_report(
        action=action,
        revision=cleaned["revision"],
        user=user,
        text=cleaned["text"],
        uploads=[upload] if upload else [],
        captions=[cleaned["caption"]],
    )


def action_review(*, user, pk: int, data, verify: bool):
    action = get_action_for_user(user, pk)
    require(can_review_action(user, action))
    comment = valid(ReviewForm(plain(data)))["comment"]
    step = remediation_services.action_verify if verify else remediation_services.action_return
    return step(action=action, user=user, comment=comment)


def extension_request(*, user, pk: int, data):
    action = get_action_for_user(user, pk)
    require(can_request_extension(user, action))
    cleaned = valid(ExtensionRequestForm(plain(data, dates=["new_deadline"])))
    remediation_services.extension_request(
        action=action, user=user, new_deadline=cleaned["new_deadline"], reason=cleaned["reason"]
    )
    return get_action_for_user(user, pk)


# --- Render jobs -----------------------------------------------------------------------------------


def job_request(*, user, data):
    """A document rendering, as the plan's or the visit's document panel asks for it."""
    body = plain(data, dates=["issued_on", "deadline"])
    kind = body.get("kind")
    if kind not in Kind.values:
        raise FormInvalid({"kind": [forms.ChoiceField.default_error_messages["invalid_choice"] % {"value": kind}]})
    if kind in PLAN_KINDS:
        plan, visit = get_plan_for_user(user, _id(body, "plan")), None
    else:
        visit = get_visit_for_user(user, _id(body, "visit"))
        plan = visit.plan
    require(can_prepare(user, plan))
    cleaned = valid(RequestForm({**body, "fmt": body.get("format", "")}))
    return report_services.document_request(
        plan=plan,
        kind=kind,
        visit=visit,
        user=user,
        fmt=cleaned["fmt"],
        issued_on=cleaned["issued_on"],
        deadline=cleaned["deadline"],
    )


def job_retry(*, user, pk: int):
    return report_services.job_retry(job=get_job_for_user(user, pk, write=True), user=user)


# --- Workflow steps of plans and visits ----------------------------------------------------------------

PLAN_STEPS = {
    "issue": plan_services.plan_issue,
    "start": plan_services.plan_start,
    "complete": plan_services.plan_complete,
}
VISIT_STEPS = {
    "start": (can_start, finding_services.visit_start),
    "submit": (can_submit, finding_services.visit_submit),
    "close": (can_review, finding_services.visit_close),
    "return": (can_review, finding_services.visit_return),
}


def plan_step(*, user, pk: int, step: str):
    plan = get_plan_for_user(user, pk, write=True)
    return PLAN_STEPS[step](plan=plan, user=user)


def visit_step(*, user, pk: int, step: str, data):
    visit = get_visit_for_user(user, pk)
    allowed, service = VISIT_STEPS[step]
    require(allowed(user, visit))
    extra = {"comment": valid(ReturnForm(plain(data)))["comment"]} if step == "return" else {}
    return service(visit=visit, user=user, **extra)
