"""Staff pages for plans, decisions (with their team) and visits.

Views translate HTTP into one service or selector call; every object is fetched
through inspections.permissions, so an object the user may not see is a 404.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from inspections import selectors, services
from inspections.filters import PlanFilter
from inspections.forms import DecisionForm, PlanForm, TeamFormSet, VisitForm
from inspections.models import Decision, Visit
from inspections.permissions import (
    can_add_action,
    can_create_plan,
    can_edit_plan,
    can_edit_visit,
    can_issue_conclusion,
    can_view_history,
    get_decision_for_user,
    get_plan_for_user,
    get_visit_for_user,
    plan_step_offered,
)
from tthc_inspect.files import private_file_response
from tthc_inspect.steps import post_step, step_outcome
from units.scoping import restrict_form_fields

PLANS_PER_PAGE = 25


@login_required
def plan_list(request):
    plan_filter = PlanFilter(request.GET, queryset=selectors.plan_list_for_user(user=request.user))
    page = Paginator(plan_filter.qs, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": plan_filter, "page": page, "can_create_plan": can_create_plan(request.user)}
    return render(request, "inspections/plan_list.html", context)


@login_required
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    context = selectors.plan_detail_context(plan=plan, user=request.user)
    context["can_edit"] = can_edit_plan(request.user, plan)
    context["plan_step"] = plan_step_offered(request.user, plan)
    context["can_view_history"] = can_view_history(request.user)
    return render(request, "inspections/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not can_create_plan(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, request.FILES or None)
    restrict_form_fields(form, request.user)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_save(form=form, user=request.user)
        messages.success(request, _("Đã tạo kế hoạch %(number)s.") % {"number": plan.number})
        return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan)
    restrict_form_fields(form, request.user)
    if request.method == "POST" and form.is_valid():
        services.plan_save(form=form, user=request.user)
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


def _plan_step(request, pk: int, step, done: str):
    """One step of the plan's status (the buttons on the plan page); the service says whether it may be taken."""
    plan = get_plan_for_user(request.user, pk, write=True)
    step_outcome(request, partial(step, plan=plan, user=request.user), done=done, refused=(ValidationError,))
    return redirect("inspections:plan_detail", pk=plan.pk)


plan_issue = post_step(_plan_step, services.plan_issue, _lazy("Đã ban hành kế hoạch."), name="plan_issue")
plan_start = post_step(_plan_step, services.plan_start, _lazy("Kế hoạch chuyển sang đang kiểm tra."), name="plan_start")
plan_complete = post_step(_plan_step, services.plan_complete, _lazy("Kế hoạch đã hoàn thành."), name="plan_complete")


@login_required
def plan_scan(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    if not plan.signed_scan:
        raise Http404
    return private_file_response(plan.signed_scan, content_type="application/pdf", filename=f"ke-hoach-{plan.pk}.pdf")


def _decision_form_page(request, plan, decision):
    form = DecisionForm(request.POST or None, instance=decision)
    formset = TeamFormSet(request.POST or None, instance=decision, prefix="team")
    for each in [form, *formset.forms]:
        restrict_form_fields(each, request.user)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.decision_save(form=form, team_formset=formset, user=request.user)
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
        "actual": actual_dates(visit),
        "units_seen": visit.units_seen.order_by("name"),
        "people_met": visit.people_met.select_related("agency").order_by("full_name"),
        "can_edit": can_edit_visit(request.user, visit),
        "can_issue_conclusion": can_issue_conclusion(request.user, visit),
        "can_add_action": can_add_action(request.user, visit),
        "can_view_history": can_view_history(request.user),
    }
    return render(request, "inspections/visit_detail.html", context)


def actual_dates(visit: Visit) -> tuple:
    """The visit's actual dates as typed, else those of its minutes (Biên bản): no need to type them twice."""
    start, end = visit.actual_start, visit.actual_end
    if start is None:
        try:
            minutes = visit.minutes  # the findings app's one-to-one (reverse relation: no import upwards)
        except ObjectDoesNotExist:
            return start, end
        start = timezone.localdate(minutes.started_at) if minutes.started_at else None
        end = end or (timezone.localdate(minutes.ended_at) if minutes.ended_at else None)
    return start, end


def _visit_form_page(request, plan, visit):
    form = VisitForm(request.POST or None, instance=visit)
    restrict_form_fields(form, request.user)  # only the agencies and officials this user may pick
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_save(form=form, user=request.user)
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


def _plan_delete(request, pk: int):
    """Delete a draft plan entered by mistake (the service refuses one that was issued or has started)."""
    plan = get_plan_for_user(request.user, pk, write=True)
    deleted = step_outcome(
        request,
        partial(services.plan_delete, plan=plan, user=request.user),
        done=_("Đã xóa kế hoạch dự thảo %(number)s.") % {"number": plan.number},
        refused=(ValidationError,),
    )
    return redirect("inspections:plan_list") if deleted else redirect("inspections:plan_detail", pk=plan.pk)


def _visit_delete(request, pk: int):
    """Take a visit entered by mistake off the schedule (the service refuses one that has started)."""
    visit = get_visit_for_user(request.user, pk, write=True)
    deleted = step_outcome(
        request,
        partial(services.visit_delete, visit=visit, user=request.user),
        done=_("Đã xóa cuộc kiểm tra tại %(agency)s khỏi lịch.") % {"agency": visit.agency.name},
        refused=(ValidationError,),
    )
    if deleted:
        return redirect("inspections:plan_detail", pk=visit.plan_id)
    return redirect("inspections:visit_detail", pk=visit.pk)


plan_delete = post_step(_plan_delete, name="plan_delete")
visit_delete = post_step(_visit_delete, name="visit_delete")
