"""Staff pages for plans, decisions (with their team) and visits.

Views translate HTTP into one service or selector call; every object is fetched
through inspections.permissions, so an object the user may not see is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inspections import selectors, services
from inspections.filters import PlanFilter
from inspections.forms import DecisionForm, PlanForm, TeamFormSet, VisitForm
from inspections.models import Decision, Visit
from inspections.permissions import (
    can_edit_plan,
    can_edit_visit,
    get_decision_for_user,
    get_plan_for_user,
    get_visit_for_user,
)
from tthc_inspect.files import private_file_response
from units.roles import is_office

PLANS_PER_PAGE = 25


@login_required
def plan_list(request):
    plan_filter = PlanFilter(request.GET, queryset=selectors.plan_list_for_user(user=request.user))
    page = Paginator(plan_filter.qs, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "inspections/plan_list.html", {"filter": plan_filter, "page": page})


@login_required
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    context = selectors.plan_detail_context(plan=plan, user=request.user)
    context["can_edit"] = can_edit_plan(request.user, plan)
    return render(request, "inspections/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not is_office(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_save(form=form)
        messages.success(request, _("Đã tạo kế hoạch %(number)s.") % {"number": plan.number})
        return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_save(form=form)
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


def _plan_step(request, pk: int, step, done: str):
    """One step of the plan's status (the buttons on the plan page); the service says whether it may be taken."""
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        step(plan=plan, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("inspections:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_issue(request, pk: int):
    return _plan_step(request, pk, services.plan_issue, _("Đã ban hành kế hoạch."))


@login_required
@require_POST
def plan_start(request, pk: int):
    return _plan_step(request, pk, services.plan_start, _("Kế hoạch chuyển sang đang kiểm tra."))


@login_required
@require_POST
def plan_complete(request, pk: int):
    return _plan_step(request, pk, services.plan_complete, _("Kế hoạch đã hoàn thành."))


@login_required
def plan_scan(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    if not plan.signed_scan:
        raise Http404
    return private_file_response(plan.signed_scan, content_type="application/pdf", filename=f"ke-hoach-{plan.pk}.pdf")


def _decision_form_page(request, plan, decision):
    form = DecisionForm(request.POST or None, instance=decision)
    formset = TeamFormSet(request.POST or None, instance=decision, prefix="team")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.decision_save(form=form, team_formset=formset)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu quyết định và thành phần đoàn."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(
        request,
        "inspections/decision_form.html",
        {"form": form, "formset": formset, "plan": plan, "decision": decision},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, plan_pk: int):
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    return _decision_form_page(request, plan, Decision(plan=plan))


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    return _decision_form_page(request, decision.plan, decision)


@login_required
def visit_detail(request, pk: int):
    visit = get_visit_for_user(request.user, pk)
    context = {
        "visit": visit,
        "units_seen": visit.units_seen.order_by("name"),
        "people_met": visit.people_met.select_related("agency").order_by("full_name"),
        "can_edit": can_edit_visit(request.user, visit),
    }
    return render(request, "inspections/visit_detail.html", context)


def _visit_form_page(request, plan, visit):
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_save(form=form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu lịch kiểm tra tại %(agency)s.") % {"agency": visit.agency.name})
            return redirect("inspections:visit_detail", pk=visit.pk)
    return render(request, "inspections/visit_form.html", {"form": form, "plan": plan, "visit": visit})


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, plan_pk: int):
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    return _visit_form_page(request, plan, Visit(plan=plan))


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, pk: int):
    visit = get_visit_for_user(request.user, pk, write=True)
    return _visit_form_page(request, visit.plan, visit)
