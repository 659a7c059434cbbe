"""The inspector's workspace: one page per visit, with htmx fragments for each save.

Every object comes through findings.permissions / inspections.permissions; fragments
are the partials of findings/workspace.html, so the page and the fragment share markup.
"""

import logging
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.forms import RadioSelect
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from checklists.models import ChecklistItem
from findings import selectors, services
from findings.forms import EvidenceForm, ExplanationForm, FindingForm, ItemResultForm, MinutesForm, ReturnForm
from findings.minutes import visit_minutes_gaps
from findings.models import Evidence
from findings.models.results import Severity
from findings.permissions import (
    can_explain,
    can_record,
    can_review,
    can_see_results,
    can_start,
    can_submit,
    get_evidence_for_user,
    get_finding_for_user,
    get_item_result_for_user,
)
from findings.remediation.selectors import earlier_limitations, earlier_limitations_queryset
from findings.workspace_cards import card_shared, item_card
from inspections.permissions import can_view_history, get_visit_for_user
from tthc_inspect.files import private_file_response
from tthc_inspect.reversing import url_by_id
from tthc_inspect.steps import post_step, step_outcome

WORKSPACE = "findings/workspace.html"
logger = logging.getLogger(__name__)


def _permissions(user, visit) -> dict:
    return {
        "can_record": can_record(user, visit),
        "can_start": can_start(user, visit),
        "can_submit": can_submit(user, visit),
        "can_review": can_review(user, visit),
        "can_explain": can_explain(user, visit),
    }


def _finding_form(visit, data=None, instance=None, files=None):
    items = ChecklistItem.objects.filter(results__visit=visit).order_by("section__order", "order", "pk")
    return FindingForm(
        data,
        files,
        instance=instance,
        visit=visit,
        items=items,
        evidence=Evidence.objects.filter(visit=visit).order_by("pk"),
        earlier=earlier_limitations_queryset(visit=visit),
    )


def _workspace_context(request, visit, **extra) -> dict:
    perms = _permissions(request.user, visit)
    results = selectors.visit_item_results(visit=visit)
    sections, save_url = [], url_by_id("findings:item_result_save")
    for row in results:
        if not sections or sections[-1]["section"].pk != row.item.section_id:
            sections.append({"section": row.item.section, "rows": []})
        sections[-1]["rows"].append(item_card(row, editable=perms["can_record"], save_url=save_url))
    outline = selectors.visit_outline(visit=visit, rows=results)
    return {
        "cards": card_shared(visit),
        "visit": visit,
        "sections": sections,
        "progress": outline.progress,
        "outline": outline,
        "findings": selectors.visit_findings(visit=visit),
        "evidence_list": selectors.visit_evidence(visit=visit),
        "earlier_limitations": earlier_limitations(visit=visit),
        "finding_form": None,  # loaded on demand (GET finding_create) to keep the page light
        "evidence_form": EvidenceForm() if perms["can_record"] else None,
        "return_form": ReturnForm() if perms["can_review"] else None,
        **perms,
        **extra,
    }


@login_required
def visit_workspace(request, pk: int):
    visit = get_visit_for_user(request.user, pk)
    if not can_see_results(request.user, visit):
        return render(request, "findings/not_yet.html", {"visit": visit})
    return render(request, WORKSPACE, _workspace_context(request, visit))


def _transition(request, pk: int, allowed, action, success: str, **kwargs):
    visit = get_visit_for_user(request.user, pk)
    if not allowed(request.user, visit):
        raise PermissionDenied
    run = partial(action, visit=visit, user=request.user, **kwargs)
    step_outcome(request, run, done=success, refused=(services.WorkflowError,))
    return redirect("findings:workspace", pk=visit.pk)


visit_start = post_step(
    _transition, can_start, services.visit_start, _lazy("Đã bắt đầu ghi nhận kết quả kiểm tra."), name="visit_start"
)
visit_submit = post_step(
    _transition, can_submit, services.visit_submit, _lazy("Đã nộp kết quả cho Trưởng đoàn."), name="visit_submit"
)
visit_close = post_step(
    _transition, can_review, services.visit_close, _lazy("Đã kết thúc cuộc kiểm tra."), name="visit_close"
)


@login_required
@require_POST
def visit_return(request, pk: int):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _transition(
        request, pk, can_review, services.visit_return, _("Đã trả lại kết quả để bổ sung."), comment=comment
    )


@login_required
@require_POST
def item_result_save(request, pk: int):
    row = get_item_result_for_user(request.user, pk, write=True)
    form = ItemResultForm(request.POST, instance=row, prefix=f"r{row.pk}")
    context = {
        "visit": row.visit,
        "can_record": True,
        "can_submit": True,  # recording (write=True above) is what submitting needs
        "cards": card_shared(row.visit),
    }
    if form.is_valid():
        try:
            row = services.item_result_save(
                item_result=row,
                revision=form.cleaned_data["revision"],
                user=request.user,
                result=form.cleaned_data["result"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
            )
        except services.EditConflict as conflict:
            context["conflict"] = conflict.current
            form.data = form.data.copy()
            form.data[form.add_prefix("revision")] = conflict.current.revision  # the next save is deliberate
        else:
            form = None
            context["saved"] = True
    outline = _optional_read(selectors.visit_outline, visit=row.visit)
    context.update({"row": item_card(row, form), "outline": outline, "progress": outline and outline.progress})
    html = render_to_string(f"{WORKSPACE}#item", context, request=request)
    if outline is not None:  # else the bar is refreshed by the next save or page
        html += render_to_string(f"{WORKSPACE}#progress", {**context, "oob": True}, request=request)
    return HttpResponse(html)


def _optional_read(read, **kwargs):
    """A read that only refreshes the page around a save; None if the database fails at this point.

    The save is committed by then (issue 13: the connection dropped right after the commit and the
    progress read turned a stored save into an error page, so the user saved it again and met a
    "conflict" with themself). The answer must confirm the save without it.
    """
    try:
        return read(**kwargs)
    except DatabaseError as exc:
        logger.warning("Answer sent without %s: %s: %s", read.__name__, type(exc).__name__, exc)
        return None


def _section_context(request, visit, **parts) -> dict:
    """What one workspace section needs (the visit, the user's permissions, its own parts), not the whole page."""
    return {"visit": visit, **_permissions(request.user, visit), **parts}


def _findings_fragment(request, visit, form=None, **extra) -> HttpResponse:
    """The findings section alone (what the partial reads), not the whole workspace's context."""
    context = _section_context(
        request, visit, findings=selectors.visit_findings(visit=visit), finding_form=form, **extra
    )
    return HttpResponse(render_to_string(f"{WORKSPACE}#findings", context, request=request))


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request, visit_pk: int):
    """GET: the empty form (fragment for htmx, or a page without JavaScript); POST: record a finding."""
    visit = get_visit_for_user(request.user, visit_pk)
    if not can_record(request.user, visit):
        raise PermissionDenied
    in_place = request.GET.get("in_place") == "1" or request.POST.get("in_place") == "1"
    if request.method == "GET":
        context = {"visit": visit, "finding_form": _in_place(_finding_form(visit), in_place), "in_place": in_place}
        if request.htmx:
            return HttpResponse(render_to_string(f"{WORKSPACE}#finding_form", context, request=request))
        return render(request, "findings/finding_form.html", context)
    form = _finding_form(visit, request.POST)
    if form.is_valid():
        services.finding_create(
            visit=visit, user=request.user, data=form.data_for_service, evidence=list(form.cleaned_data["evidence"])
        )
        if in_place:  # the form sat in its item's card: the card says so, the list is refreshed out of band
            return _in_place_saved(request, visit, _("Đã ghi phát hiện."), _findings_fragment, oob=True)
        return _findings_fragment(request, visit, finding_saved=True)
    if in_place:
        context = {"visit": visit, "finding_form": _in_place(form, True), "in_place": True}
        return HttpResponse(render_to_string(f"{WORKSPACE}#finding_form", context, request=request))
    return _findings_fragment(request, visit, form=form)


def _in_place(form, in_place: bool):
    """The limitation form inside an item's card: the severity as buttons (one tap), no empty choice."""
    if in_place:
        form.fields["severity"].choices = list(Severity.choices)
        form.fields["severity"].widget = RadioSelect(choices=Severity.choices)
    return form


def _in_place_saved(request, visit, message: str, fragment, **extra) -> HttpResponse:
    """What a form opened inside an item's card gets back: a confirmation there, and its section out of band."""
    html = render_to_string("fieldwork/saved_in_place.html", {"message": message}, request=request)
    return HttpResponse(html + fragment(request, visit, **extra).content.decode())


@login_required
def finding_detail(request, pk: int):
    finding = get_finding_for_user(request.user, pk)
    visit = finding.visit
    if not can_see_results(request.user, visit):
        raise Http404
    form = None
    if can_record(request.user, visit):
        form = _finding_form(visit, request.POST or None, instance=finding)
        form.initial.setdefault("revision", finding.revision)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_update(
                    user=request.user,
                    finding=finding,
                    revision=form.cleaned_data["revision"],
                    data=form.data_for_service,
                    evidence=list(form.cleaned_data["evidence"]),
                )
            except services.EditConflict as conflict:
                form.add_error(
                    None,
                    _(
                        "Phát hiện này vừa được %(user)s sửa; nội dung của bạn vẫn còn bên dưới, "
                        "hãy so sánh với bản hiện tại rồi lưu lại."
                    )
                    % {"user": _last_editor(conflict.current)},
                )
                form.data = form.data.copy()
                form.data["revision"] = conflict.current.revision
                return render(
                    request,
                    "findings/finding_detail.html",
                    _finding_page(request, finding, form, conflict=conflict.current),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu phát hiện."))
                return redirect("findings:finding_detail", pk=finding.pk)
    return render(request, "findings/finding_detail.html", _finding_page(request, finding, form))


def _last_editor(finding) -> str:
    record = finding.history.select_related("history_user").order_by("-history_date").first()
    user = record.history_user if record else None
    return (user.get_full_name() or user.username) if user else _("người khác")


def _finding_page(request, finding, form, conflict=None) -> dict:
    return {
        "finding": finding,
        "visit": finding.visit,
        "form": form,
        "conflict": conflict,
        "history": selectors.finding_history(finding=finding),
        "explanations": finding.explanations.select_related("author").order_by("created_at"),
        "evidence_items": finding.evidence.order_by("pk"),
        "explanation_form": ExplanationForm() if can_explain(request.user, finding.visit) else None,
        "can_view_history": can_view_history(request.user),
    }


@login_required
@require_POST
def finding_delete(request, pk: int):
    finding = get_finding_for_user(request.user, pk, write=True)
    visit = finding.visit
    try:
        services.finding_delete(finding=finding, user=request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("findings:finding_detail", pk=finding.pk)
    messages.success(request, _("Đã xóa phát hiện."))
    return redirect("findings:workspace", pk=visit.pk)


@login_required
@require_POST
def explanation_add(request, pk: int):
    finding = get_finding_for_user(request.user, pk)
    if not can_explain(request.user, finding.visit):
        raise PermissionDenied
    form = ExplanationForm(request.POST)
    if form.is_valid():
        services.explanation_add(finding=finding, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Đã gửi giải trình."))
        return redirect("findings:finding_detail", pk=finding.pk)
    context = _finding_page(request, finding, None)
    context["explanation_form"] = form
    return render(request, "findings/finding_detail.html", context)


@login_required
@require_POST
def evidence_upload(request, visit_pk: int):
    visit = get_visit_for_user(request.user, visit_pk)
    if not can_record(request.user, visit):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    in_place = request.POST.get("in_place") == "1"
    extra = {}
    if form.is_valid():
        try:
            services.evidence_upload(
                visit=visit, user=request.user, upload=form.cleaned_data["file"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            extra["evidence_saved"] = True
            form = EvidenceForm()
    if in_place and not extra:  # refused in an item's card: the errors go back there
        context = {"visit": visit, "evidence_form": form, "in_place": True}
        return HttpResponse(render_to_string(f"{WORKSPACE}#photo_form", context, request=request))
    # The evidence section, and the closed "new finding" form out of band: opened again, it loads
    # afresh with the new photo among its choices. The findings list itself has not changed.
    context = _section_context(
        request,
        visit,
        evidence_list=selectors.visit_evidence(visit=visit),
        evidence_form=form,
        finding_form=None,
        **extra,
    )
    if in_place:
        context["evidence_saved"] = False  # said in the card instead
    html = render_to_string(f"{WORKSPACE}#evidence", {**context, "oob": in_place}, request=request)
    html += render_to_string(f"{WORKSPACE}#finding_new", {**context, "finding_new_oob": True}, request=request)
    if in_place:
        message = _("Đã tải lên minh chứng.")
        html = render_to_string("fieldwork/saved_in_place.html", {"message": message}, request=request) + html
    return HttpResponse(html)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    evidence = get_evidence_for_user(request.user, pk, write=True)
    visit = evidence.visit
    services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(request, _("Đã xóa minh chứng."))
    return redirect("findings:workspace", pk=visit.pk)


VARIANTS = {"goc": "original", "in": "print_image", "anh-nho": "thumbnail"}
ORIGINAL_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
    "pdf": "application/pdf",
}


@login_required
def evidence_file(request, pk: int, variant: str):
    """Evidence files exist only behind this permission check; there is no public media URL."""
    evidence = get_evidence_for_user(request.user, pk)
    if variant not in VARIANTS or not can_see_results(request.user, evidence.visit):
        raise Http404
    field = getattr(evidence, VARIANTS[variant])
    if variant == "goc":
        content_type = ORIGINAL_TYPES.get(evidence.extension, "application/octet-stream")
        return private_file_response(
            field, content_type=content_type, filename=f"minh-chung-{evidence.pk}.{evidence.extension}"
        )
    return private_file_response(
        field,
        content_type="image/jpeg",
        inline=True,
        cache="max-age=3600",
        filename=f"minh-chung-{evidence.pk}-{variant}.jpg",
    )


@login_required
def minutes_edit(request, visit_pk: int):
    visit = get_visit_for_user(request.user, visit_pk)
    if not can_see_results(request.user, visit):
        raise Http404
    minutes = selectors.visit_minutes(visit=visit)
    editable = can_record(request.user, visit)
    form = MinutesForm(request.POST or None, instance=minutes) if editable else None
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                services.minutes_save(visit=visit, user=request.user, revision=form.cleaned_data["revision"], data=data)
            except services.EditConflict as exc:
                conflict = exc.current
                form.add_error(None, _("Biên bản vừa được người khác lưu; nội dung của bạn vẫn còn bên dưới."))
                form.data = form.data.copy()
                form.data["revision"] = conflict.revision
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu thông tin biên bản."))
                return redirect("findings:workspace", pk=visit.pk)
    context = {"visit": visit, "minutes": minutes, "form": form, "conflict": conflict}
    return render(request, "findings/minutes_form.html", {**context, "gaps": visit_minutes_gaps(visit)})
