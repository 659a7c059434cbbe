"""Issue 14, "one scoping mechanism": one base (units.scoping), the rules once (inspections.access),
form choices scoped, writes re-checked, templates given flags.

The behaviour itself (who sees which page) is the access table of tests/security and
inspections/tests/test_visibility.py, unchanged by the move to the base.
"""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from conftest import make_user
from findings.models import Finding
from findings.services import finding_create
from inspections import services as inspection_services
from inspections.forms import TeamMemberForm, VisitForm
from inspections.models import Decision, Plan, Visit
from tests.html_forms import as_querydict, form_data
from units.models import Agency, Official
from units.roles import Role
from units.scoping import OutOfScope, Scope, ScopedQuerySet, restrict_form_fields

ROOT = Path(__file__).resolve().parent.parent
APPS = ["tthc_inspect", "notices", "units", "checklists", "inspections", "findings", "reports", "api", "demo"]


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            yield path


def test_one_scoping_base_and_every_scoped_model_declares_its_paths():
    defined = [
        f"{path.relative_to(ROOT)}:{node.name}"
        for path in app_modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name in {"visible_to", "restrict"}
    ]
    assert defined == ["units/scoping.py:restrict", "units/scoping.py:visible_to"]
    for model in apps.get_models():
        if hasattr(model._default_manager, "visible_to"):
            assert isinstance(getattr(model, "scope", None), Scope), model
            assert isinstance(model._default_manager.all(), ScopedQuerySet), model


# (pattern, where it may appear): each rule spelled once
RULES = [
    (r"Role\.HEAD,\s*TeamMember\.Role\.DEPUTY|\{\s*TeamMember\.Role\.HEAD\s*,", "inspections/access.py"),
    (r"Status\.SUBMITTED,\s*Visit\.Status\.CLOSED|\"submitted\",\s*\"closed\"", "inspections/access.py"),
    (r"def team_plan_ids|def team_role_in_plan", "inspections/access.py"),
]


@pytest.mark.parametrize(("pattern", "home"), RULES)
def test_each_access_rule_is_written_once(pattern, home):
    found = [
        str(path.relative_to(ROOT))
        for path in app_modules()
        if path.parts[-2] != "demo" and re.search(pattern, path.read_text())  # demo data builds visits, not access
    ]
    assert found == [home]


def test_templates_decide_no_access():
    """Templates get ``can_…`` flags from their views; no role, group or status-substring test in markup."""
    forbidden = re.compile(r"is_office|user_roles|user\.groups|perms\.|\bin \"[a-z_]+ [a-z_ ]+\"")
    offending = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offending == []


def test_a_plan_reached_through_several_visits_is_listed_once(demo):
    """The liaison reaches the plan through two visits (its district and a unit under it): one row each."""
    liaison = demo.users["liaison"]
    ngoc_hoi = demo.visit("Ngọc Hồi").agency
    desk = Agency.objects.filter(parent=ngoc_hoi).order_by("pk").first()
    Visit.objects.create(
        plan=demo.plan, agency=desk, planned_start=datetime.date(2020, 8, 20), planned_end=datetime.date(2020, 8, 20)
    )
    assert list(Plan.objects.visible_to(liaison)) == [demo.plan]
    assert Decision.objects.visible_to(liaison).count() == Decision.objects.filter(plan=demo.plan).count()
    assert Plan.objects.restrict(liaison).count() == 1


def test_anonymous_users_see_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    assert not Plan.objects.restrict(AnonymousUser()).exists()
    assert not Agency.objects.restrict(AnonymousUser(), "pick").exists()


def _select_options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="(\d+)"', select))


@pytest.mark.django_db
def test_the_visit_form_offers_the_head_only_what_they_may_pick(client, demo, personas):
    """Agencies: those the head's plan visits and the units under them; never another district."""
    visit = demo.visit("Sở Nội vụ")
    client.force_login(demo.users["head"])
    html = client.get(reverse("inspections:visit_edit", args=[visit.pk])).content.decode()
    visited = set(demo.plan.visits.values_list("agency_id", flat=True))
    pickable = {str(pk) for pk in Agency.objects.filter(pk__in=visited).values_list("pk", flat=True)} | {
        str(pk) for pk in Agency.objects.filter(parent_id__in=visited).values_list("pk", flat=True)
    }
    outsider = str(Agency.objects.get(name="UBND huyện Đắk Glei").pk)
    assert 'data-picker="units_seen"' in html  # a searchable picker (issue 15), whose search is scoped
    offered = set(
        re.findall(r'data-value="(\d+)"', client.get(reverse("pickers:agency"), {"q": "ubnd"}).content.decode())
    )
    assert offered and offered <= pickable and outsider not in offered
    people = set(re.findall(r'data-value="(\d+)"', client.get(reverse("pickers:official")).content.decode()))
    allowed = Official.objects.filter(agency_id__in=[int(a) for a in pickable]).values_list("pk", flat=True)
    assert people and people <= {str(pk) for pk in allowed}

    client.force_login(demo.users["office"])  # the office picks from every agency
    page = client.get(reverse("pickers:agency"), {"q": "dak glei"}).content.decode()
    assert f'data-value="{outsider}"' in page


def test_an_agency_outside_the_heads_pick_is_refused(client, demo, personas):
    head = demo.users["head"]
    visit = Visit.objects.create(
        plan=demo.plan,
        agency=Agency.objects.get(name="Sở Tư pháp"),
        planned_start=datetime.date(2020, 9, 1),
        planned_end=datetime.date(2020, 9, 1),
    )
    outsider = Agency.objects.get(name="UBND huyện Đắk Glei")
    form = VisitForm(instance=visit)
    data = form_data(f'<form method="post">{form.as_div()}</form>')
    data["agency"] = [str(outsider.pk)]
    form = VisitForm(as_querydict(data), instance=Visit.objects.get(pk=visit.pk))
    restrict_form_fields(form, head)
    assert not form.is_valid() and "agency" in form.errors
    client.force_login(head)
    client.post(reverse("inspections:visit_edit", args=[visit.pk]), data)
    assert Visit.objects.get(pk=visit.pk).agency.name == "Sở Tư pháp"


def test_the_office_picks_any_official_for_a_team(demo):
    form = TeamMemberForm()
    restrict_form_fields(form, demo.users["office"])
    assert form.fields["official"].queryset.count() == Official.objects.count()


def test_a_visit_save_that_leaves_the_writers_scope_is_refused_and_rolled_back(demo, other_plan):
    """NetBox's re-check after save: the writer (here a liaison of Sở Tư pháp) must still see the visit."""
    stp = Agency.objects.get(name="Sở Tư pháp")
    liaison = make_user("stp_liaison", Role.LIAISON, stp, "Lê Thị P")
    visit = other_plan.visits.get()
    form = VisitForm(instance=visit)
    data = form_data(f'<form method="post">{form.as_div()}</form>')
    data["agency"] = [str(Agency.objects.get(name="Sở Nội vụ").pk)]
    form = VisitForm(as_querydict(data), instance=Visit.objects.get(pk=visit.pk))
    assert form.is_valid(), form.errors
    with pytest.raises(OutOfScope):
        inspection_services.visit_save(form=form, user=liaison)
    assert Visit.objects.get(pk=visit.pk).agency == stp

    form = VisitForm(as_querydict(data), instance=Visit.objects.get(pk=visit.pk))
    assert form.is_valid()
    inspection_services.visit_save(form=form, user=demo.users["office"])  # the office sees every visit
    assert Visit.objects.get(pk=visit.pk).agency.name == "Sở Nội vụ"


def test_a_finding_its_writer_could_not_read_is_refused_and_rolled_back(demo):
    """A liaison may not read a visit's work before submission, so a finding written as one is not kept."""
    visit = demo.visit("Ngọc Hồi")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)
    visit.refresh_from_db()
    before = Finding.objects.count()
    with pytest.raises(OutOfScope):
        finding_create(
            visit=visit,
            user=demo.users["liaison"],
            evidence=[],
            data={"kind": "strength", "description": "Không được ghi", "severity": ""},
        )
    assert Finding.objects.count() == before
