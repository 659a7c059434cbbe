"""tthc_inspect.states: how the protected status field behaves with the rest of Django and its packages.

Checked because django-fsm-2's protected field is known to break some of them (refresh_from_db,
full_clean): each path the project relies on is exercised here.
"""

import pytest
from django import forms
from django.core import serializers
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.template import Context, Template

from inspections.models import Plan, Visit
from reports.models import Document, DocumentVersion, RenderJob
from tthc_inspect.states import StateField, TransitionNotAllowed
from units.models import Agency


def test_a_loaded_status_refuses_assignment_and_an_illegal_transition(demo):
    visit = Visit.objects.get(pk=demo.visit("Ngọc Hồi").pk)
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        visit.status = Visit.Status.IN_PROGRESS
    with pytest.raises(TransitionNotAllowed):
        visit.start()  # closed: not scheduled
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.CLOSED


def test_refresh_from_db_and_deferred_loading_read_the_stored_state(demo):
    visit = demo.visit("Ngọc Hồi")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)  # SQL: not affected
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SUBMITTED
    visit.refresh_from_db(fields=["planned_start"])  # a reload of other fields keeps the state
    assert visit.status == Visit.Status.SUBMITTED
    deferred = Visit.objects.only("pk").get(pk=visit.pk)
    assert deferred.status == Visit.Status.SUBMITTED
    with pytest.raises(AttributeError):
        visit.status = Visit.Status.CLOSED  # still protected after the reloads


def test_a_failed_reload_leaves_the_protection_on(demo):
    """django-fsm-2's FSMModelMixin would leave the shared field unprotected after this DoesNotExist."""
    visit = Visit.objects.get(pk=demo.visit("Ngọc Hồi").pk)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED)
    stale = Visit.objects.get(pk=visit.pk)
    stale.pk = 10**9
    with pytest.raises(Visit.DoesNotExist):
        stale.refresh_from_db()
    with pytest.raises(AttributeError):
        Visit.objects.get(pk=visit.pk).status = Visit.Status.CLOSED


def test_full_clean_checks_the_state_without_assigning_it(demo):
    plan = Plan.objects.get(pk=demo.plan.pk)
    plan.full_clean()  # a valid row: no AttributeError from clean_fields' assignment
    bogus = Plan(**{f.attname: getattr(plan, f.attname) for f in Plan._meta.concrete_fields if not f.primary_key})
    bogus.__dict__["status"] = "bogus"
    with pytest.raises(ValidationError) as refused:
        bogus.full_clean(validate_constraints=False)
    assert "status" in refused.value.message_dict


def test_rows_are_created_in_a_state_by_constructors_bulk_create_and_fixtures(demo):
    plan = demo.plan
    made = Visit.objects.create(
        plan=plan,
        agency=Agency.objects.get(name="Sở Tư pháp"),
        planned_start=plan.period_start,
        planned_end=plan.period_start,
        status=Visit.Status.SUBMITTED,
    )
    assert Visit.objects.get(pk=made.pk).status == Visit.Status.SUBMITTED
    document = Document.objects.create(kind="report", plan=plan)
    version = DocumentVersion.objects.create(document=document, version=1, issued_on=plan.period_end)
    jobs = RenderJob.objects.bulk_create([RenderJob(version=version, status=RenderJob.Status.FAILED) for _ in "ab"])
    assert {j.status for j in RenderJob.objects.filter(pk__in=[j.pk for j in jobs])} == {"failed"}

    dumped, pk = serializers.serialize("json", [made]), made.pk  # dumpdata / loaddata
    made.delete()
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    assert Visit.objects.get(pk=pk).status == Visit.Status.SUBMITTED


def test_history_records_each_transition_in_a_plain_column(demo):
    visit = demo.visit("Sở Nội vụ")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    visit.refresh_from_db()
    visit.close()
    visit.save()
    record = visit.history.order_by("-history_id").first()
    assert record.status == Visit.Status.CLOSED
    field = type(record)._meta.get_field("status")
    assert type(field) is models.CharField and not isinstance(field, StateField)
    assert record.instance.status == Visit.Status.CLOSED  # the past version as a Visit, as the admin shows it


def test_no_form_can_name_a_status_and_no_template_runs_a_transition(demo):
    with pytest.raises(FieldError, match="non-editable field"):

        class _Bypass(forms.ModelForm):
            class Meta:
                model = Visit
                fields = ["status"]

    assert "status" not in forms.modelform_factory(Visit, fields="__all__")().fields
    Visit.objects.filter(pk=demo.visit("Sở Nội vụ").pk).update(status=Visit.Status.SUBMITTED)
    visit = Visit.objects.get(pk=demo.visit("Sở Nội vụ").pk)
    Template("{{ visit.close }}{{ visit.send_back }}").render(Context({"visit": visit}))
    assert visit.status == Visit.Status.SUBMITTED
