"""Issue 13: every model with a status changes state only through its services.

Derived from the code, not listed by hand: the models are every project model with a ``status``
field; the forms are every ModelForm of the project whose ``Meta.model`` is that model; the admin
pages are its registered ModelAdmin and every admin that shows it inline. Each is sent back (the
page's or form's own values, as a browser would) with the status changed, or added where the form
has no such field; the row is then re-read.
"""

import datetime
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from findings.models import RemediationAction
from findings.remediation import services as remediation
from reports import services as report_services
from reports.models import Kind
from tests.html_forms import as_querydict, form_data


def project_app_configs():
    return [c for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]


def status_models() -> list:
    return sorted(
        (
            m
            for c in project_app_configs()
            for m in c.get_models()
            if not issubclass(m, HistoricalChanges) and "status" in {f.name for f in m._meta.concrete_fields}
        ),
        key=lambda m: m._meta.label,
    )


def project_model_forms() -> list[type[forms.ModelForm]]:
    """Every ModelForm class defined in the project's apps (each module imported, tests and migrations aside)."""
    for config in project_app_configs():
        package = importlib.import_module(config.name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if not {"tests", "migrations", "management"} & set(info.name.split(".")):
                importlib.import_module(info.name)
    found, todo = set(), [forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in {c.name for c in project_app_configs()}:
                found.add(sub)
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__qualname__}")


def a_row(model, demo, capture):
    """A row of each status model, in a state its workflow has reached."""
    label = model._meta.label
    if label == "inspections.Plan":
        return demo.plan  # completed
    if label == "inspections.Visit":
        return demo.visit("Ngọc Hồi")  # closed, conclusion issued
    if label == "findings.RemediationAction":
        return RemediationAction.objects.filter(status="verified").order_by("pk").first()
    if label == "findings.DeadlineExtension":
        action = RemediationAction.objects.filter(status="open").order_by("pk").first()
        return remediation.extension_request(
            action=action, user=demo.users["liaison"], new_deadline=datetime.date(2020, 12, 31), reason="Chờ kinh phí"
        )
    if label in ("reports.DocumentVersion", "reports.RenderJob"):
        with capture(execute=True):
            job = report_services.document_request(
                plan=demo.plan, kind=Kind.MINUTES, visit=demo.visit("Ngọc Hồi"), user=demo.users["office"]
            )
        return job.version if label == "reports.DocumentVersion" else type(job).objects.get(pk=job.pk)
    if label == "reports.PlanExport":
        return model.objects.create(plan=demo.plan, requested_by=demo.users["office"])
    if label == "reports.PeriodicReport":
        return model.objects.create(
            period="2020", issued_on=datetime.date(2021, 1, 5), requested_by=demo.users["office"]
        )
    if label == "reports.ArchivePackage":
        return model.objects.create(plan=demo.plan)  # queued
    if label == "reports.DashboardPrint":
        return model.objects.create(today=datetime.date(2020, 12, 31), requested_by=demo.users["office"])
    raise AssertionError(f"say which row of {label} the test changes (a new model with a status)")


def another_state(row) -> str:
    return next(value for value, _label in type(row).Status.choices if value != row.status)


def reread(row):
    return type(row).objects.get(pk=row.pk)


def test_every_status_is_a_state_field():
    from tthc_inspect.states import StateField

    models = status_models()
    assert {m._meta.label for m in models} >= {
        "inspections.Plan",
        "inspections.Visit",
        "findings.RemediationAction",
        "findings.DeadlineExtension",
        "reports.DocumentVersion",
        "reports.RenderJob",
    }
    plain = [m._meta.label for m in models if not isinstance(m._meta.get_field("status"), StateField)]
    assert plain == [], f"use tthc_inspect.states.StateField for the status of {plain}"


@pytest.mark.parametrize("label", [m._meta.label for m in status_models()])
def test_no_form_or_admin_page_changes_a_status(client, demo, django_capture_on_commit_callbacks, label):
    model = apps.get_model(label)
    row = a_row(model, demo, django_capture_on_commit_callbacks)
    before, other = str(row.status), another_state(row)
    tried, changed = [], []

    def check(what: str, response=None):
        tried.append(what if response is None else f"{what} ({response.status_code})")
        if response is not None:  # accepted with the status ignored, or refused: never a 500
            assert response.status_code in (302, 403), response.content.decode()[:3000]
        if reread(row).status != before:
            changed.append(what)
            model.objects.filter(pk=row.pk).update(status=before)  # put back for the next try

    loaded = reread(row)
    try:
        loaded.status = other
        loaded.save()
    except AttributeError:
        pass
    check("assignment on the model")

    for form_class in project_model_forms():
        if form_class._meta.model is not model:
            continue
        shown = form_class(instance=reread(row))
        data = form_data(f'<form method="post">{shown.as_div()}</form>')
        data["status"] = [other]
        bound = form_class(as_querydict(data), instance=reread(row))
        assert bound.is_valid(), (form_class, bound.errors)  # the rest of the form is accepted …
        bound.save()
        check(form_class.__name__)  # … and the status is not

    client.force_login(demo.users["office"])
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    data = form_data(client.get(url).content.decode(), form_id=f"{opts.model_name}_form")
    data["status"] = [other]
    check(type(admin.site._registry[model]).__name__, client.post(url, data))

    for parent_model, parent_admin in admin.site._registry.items():
        for inline in parent_admin.inlines:
            if inline.model is not model:
                continue
            link = next(f for f in opts.fields if f.is_relation and f.related_model is parent_model)
            popts = parent_model._meta
            url = reverse(f"admin:{popts.app_label}_{popts.model_name}_change", args=[getattr(row, link.attname)])
            data = form_data(client.get(url).content.decode(), form_id=f"{popts.model_name}_form")
            rows = [k.removesuffix("-id") for k, v in data.items() if k.endswith("-id") and v == [str(row.pk)]]
            assert len(rows) == 1, f"{inline.__name__} does not list the row"
            data[f"{rows[0]}-status"] = [other]
            check(f"{inline.__name__} in {type(parent_admin).__name__}", client.post(url, data))

    print(f"{label}: status {before!r} sent back as {other!r} by {tried}; changed by {changed}")
    assert changed == []
