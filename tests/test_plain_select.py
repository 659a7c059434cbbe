"""PlainSelect writes the same <select> as Django's Select, faster: same selection, attributes, escaping."""

import pytest
from django import forms

from tthc_inspect.forms import PlainSelect

CHOICES = [("", "---"), ("x", '<X & "y">'), ("2", "Hai")]


class Both(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, widget=PlainSelect(attrs={"class": "form-select"}), required=False)
    django = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}), required=False)


def _options(html: str) -> list[str]:
    return [part.split(">", 1)[0] for part in html.split("<option")[1:]]


def test_the_same_options_are_selected_and_escaped_as_with_django():
    for data in ({}, {"plain": "2", "django": "2"}, {"plain": "x", "django": "x"}, {"plain": "", "django": ""}):
        form = Both(data)
        plain, django = str(form["plain"]), str(form["django"])
        assert _options(plain) == _options(django)
        assert "&lt;X &amp; &quot;y&quot;&gt;" in plain and "<X" not in plain


def test_attributes_and_name_are_kept():
    html = str(Both()["plain"])
    assert html.startswith("<select") and 'name="plain"' in html and 'id="id_plain"' in html
    assert 'class="form-select"' in html and html.endswith("</select>")


@pytest.mark.django_db
def test_filters_reading_options_as_values_label_them_as_the_models_do(demo, other_plan):
    """The plan filter of the remediation list and the issuer filter of the plan list: same options, same
    labels (str of each object), same order as Django's ModelChoiceField, and the choice still filters."""
    from django.utils import timezone

    from findings.models import RemediationAction
    from findings.remediation.forms import ActionFilter
    from inspections.filters import PlanFilter
    from inspections.models import Plan

    office = demo.users["office"]
    action_filter = ActionFilter({}, queryset=RemediationAction.objects.all(), user=office, today=timezone.localdate())
    plan_field = action_filter.form.fields["plan"]
    expected = [("", plan_field.empty_label)] + [
        (p.pk, str(p)) for p in Plan.objects.visible_to(office).order_by("-year", "number")
    ]
    assert list(plan_field.choices) == expected and len(expected) >= 3
    plan_filter = PlanFilter({"issuer": demo.plan.issuer_id}, queryset=Plan.objects.all())
    issuer_field = plan_filter.form.fields["issuer"]
    assert [label for _pk, label in issuer_field.choices][1:] == [str(a) for a in issuer_field.queryset]
    assert f'<option value="{demo.plan.issuer_id}" selected>{demo.plan.issuer.name}</option>' in str(
        plan_filter.form["issuer"]
    )
    assert demo.plan in plan_filter.qs
    assert not PlanFilter({"issuer": "999999"}, queryset=Plan.objects.all()).is_valid()
