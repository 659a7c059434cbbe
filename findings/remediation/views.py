"""Remediation pages: lists with counts, one action's page with its steps, the agency page.

Each step is a POST to its own URL; the page shows only the forms the user may use.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from findings.models import DeadlineExtension, RemediationAction
from findings.remediation import selectors, services
from findings.remediation.forms import (
    ActionFilter,
    ActionForm,
    ConclusionForm,
    ExtensionRequestForm,
    ReportForm,
    ReviewForm,
)
from findings.remediation.permissions import (
    can_manage,
    can_report,
    can_request_extension,
    can_review,
    get_action_for_user,
    require,
)
from findings.services import EditConflict
from inspections.permissions import can_view_history, get_visit_for_user
from tthc_inspect.steps import post_step
from units.models import Agency
from units.roles import is_office

ACTIONS_PER_PAGE = 50


@login_required
def action_list(request):
    today = timezone.localdate()
    scoped = RemediationAction.objects.visible_to(request.user)
    action_filter = ActionFilter(request.GET, queryset=scoped, user=request.user, today=today)
    filtered = action_filter.qs
    page = Paginator(selectors.action_list(queryset=filtered), ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "findings/remediation/action_list.html",
        {
            "filter": action_filter,
            "page": page,
            "today": today,
            "counts": selectors.action_counts(queryset=filtered, today=today),
        },
    )


def _action_page(request, action, **forms_override):
    user = request.user
    context = {
        "action": action,
        "today": timezone.localdate(),
        "history": selectors.action_history(action=action),
        "extensions": selectors.action_extensions(action=action),
        "report_evidence": action.report_evidence.order_by("pk"),
        "report_form": ReportForm(initial={"revision": action.revision}) if can_report(user, action) else None,
        "review_form": ReviewForm() if can_review(user, action) else None,
        "extension_form": ExtensionRequestForm() if can_request_extension(user, action) else None,
        "edit_form": ActionForm(
            initial={
                "description": action.description,
                "measure": action.measure,
                "deadline": action.deadline,
                "revision": action.revision,
            }
        )
        if can_manage(user, action)
        else None,
        "can_decide": is_office(user),
        "can_view_history": can_view_history(user),
    }
    context.update(forms_override)
    return render(request, "findings/remediation/action_detail.html", context)


@login_required
def action_detail(request, pk: int):
    return _action_page(request, get_action_for_user(request.user, pk))


def _action_step(request, pk: int, *, allowed, form_class, call, done: str, form_key: str, conflict=None):
    """A step posted from the action's page: its form, one service call ``call(action, user, data)``;
    a refusal is shown on the form (on the field it names), success as a message."""
    action = get_action_for_user(request.user, pk)
    require(allowed(request.user, action))
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(action=action, user=request.user, data=form.cleaned_data)
        except services.RemediationError as exc:
            form.add_error(None, exc)  # on the field it names, if it names one
        except ValidationError as exc:  # the evidence's content check (only the report uploads)
            if "file" not in form.fields:
                raise
            form.add_error("file", exc)
        except EditConflict:
            if conflict is None:
                raise
            form.add_error(None, conflict)
        else:
            messages.success(request, done)
            return redirect("findings:action_detail", pk=action.pk)
    return _action_page(request, action, **{form_key: form})


def _report(*, action, user, data):
    upload = data["file"]
    services.action_report(
        action=action,
        revision=data["revision"],
        user=user,
        text=data["text"],
        uploads=[upload] if upload else [],
        captions=[data["caption"]],
    )


@login_required
@require_POST
def action_report(request, pk: int):
    return _action_step(
        request,
        pk,
        allowed=can_report,
        form_class=ReportForm,
        call=_report,
        done=_("Đã gửi báo cáo khắc phục."),
        form_key="report_form",
        conflict=_("Biện pháp vừa được người khác cập nhật; hãy xem lại trước khi gửi."),
    )


def _review(request, pk: int, step, done: str):
    """Verify or return a reported action (``step``), with the reviewer's comment."""
    action = get_action_for_user(request.user, pk)
    require(can_review(request.user, action))
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        step(action=action, user=request.user, comment=form.cleaned_data.get("comment", ""))
    except services.RemediationError as exc:
        form.add_error(None, exc)
        return _action_page(request, action, review_form=form)
    messages.success(request, done)
    return redirect("findings:action_detail", pk=action.pk)


action_verify = post_step(
    _review, services.action_verify, _lazy("Đã xác minh và đóng biện pháp khắc phục."), name="action_verify"
)
action_return = post_step(
    _review, services.action_return, _lazy("Đã trả lại báo cáo để đơn vị khắc phục tiếp."), name="action_return"
)


def _update(*, action, user, data):
    services.action_update(
        user=user,
        action=action,
        revision=data["revision"] or 0,
        description=data["description"],
        measure=data["measure"],
        deadline=data["deadline"],
    )


@login_required
@require_POST
def action_edit(request, pk: int):
    return _action_step(
        request,
        pk,
        allowed=can_manage,
        form_class=ActionForm,
        call=_update,
        done=_("Đã lưu biện pháp khắc phục."),
        form_key="edit_form",
        conflict=_(
            "Biện pháp vừa được người khác cập nhật; nội dung của bạn vẫn còn, hãy tải lại "
            "trang để xem bản mới rồi lưu lại."
        ),
    )


def _extension(*, action, user, data):
    services.extension_request(action=action, user=user, new_deadline=data["new_deadline"], reason=data["reason"])


@login_required
@require_POST
def extension_request(request, pk: int):
    return _action_step(
        request,
        pk,
        allowed=can_request_extension,
        form_class=ExtensionRequestForm,
        call=_extension,
        done=_("Đã gửi đề nghị gia hạn."),
        form_key="extension_form",
    )


def _decide(request, pk: int, *, grant: bool):
    """The office grants or refuses an extension; the outcome is a message on the action's page."""
    extension = get_object_or_404(
        DeadlineExtension.objects.filter(action__in=RemediationAction.objects.visible_to(request.user)), pk=pk
    )
    require(is_office(request.user))
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.extension_decide(
            extension=extension, user=request.user, grant=grant, comment=form.cleaned_data.get("comment", "")
        )
    except services.RemediationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi quyết định gia hạn."))
    return redirect("findings:action_detail", pk=extension.action_id)


@login_required
@require_POST
def extension_grant(request, pk: int):
    return _decide(request, pk, grant=True)


@login_required
@require_POST
def extension_refuse(request, pk: int):
    return _decide(request, pk, grant=False)


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_issue(request, visit_pk: int):
    visit = get_visit_for_user(request.user, visit_pk)
    require(is_office(request.user))
    # The one deadline: the one the Thông báo's draft already prints, else the default number of days.
    initial = {"issued_on": timezone.localdate(), "deadline": visit.remediation_deadline}
    if visit.remediation_deadline is None:
        initial["days"] = settings.REMEDIATION_DEFAULT_DAYS
    form = ConclusionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions = services.conclusion_issue(
                visit=visit,
                issued_on=form.cleaned_data["issued_on"],
                user=request.user,
                days=form.cleaned_data["days"],
                deadline=form.cleaned_data["deadline"],
            )
        except services.RemediationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ban hành kết luận; tạo %(n)d biện pháp khắc phục.") % {"n": len(actions)})
            query = urlencode({"agency": visit.agency_id, "plan": visit.plan_id})
            return redirect(f"{reverse('findings:action_list')}?{query}")
    return render(request, "findings/remediation/conclusion_form.html", {"form": form, "visit": visit})


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, visit_pk: int):
    visit = get_visit_for_user(request.user, visit_pk)
    require(is_office(request.user))
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                visit=visit,
                user=request.user,
                description=form.cleaned_data["description"],
                measure=form.cleaned_data["measure"],
                deadline=form.cleaned_data["deadline"],
            )
        except services.RemediationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm biện pháp khắc phục."))
            return redirect("findings:action_detail", pk=action.pk)
    return render(request, "findings/remediation/action_form.html", {"form": form, "visit": visit})


@login_required
def agency_page(request, pk: int):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    context = selectors.agency_actions(agency=agency, user=request.user, today=timezone.localdate())
    return render(request, "findings/remediation/agency.html", context)
