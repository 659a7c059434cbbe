"""The plan page's schedule import: the template, the upload and its preview, the confirmation.

The uploaded sheet is kept under MEDIA_ROOT/imports/ (never served) between the preview and the
confirmation, named by a random token held in the office user's session; the confirmation checks
it again and saves it in one transaction (``inspections.schedule_import``).
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inspections import schedule_import as sheet
from inspections.permissions import get_plan_for_user
from tthc_inspect.files import XLSX_CONTENT_TYPE, download_headers


@login_required
def schedule_template(request, pk: int):
    plan = get_plan_for_user(request.user, pk, write=True)
    response = HttpResponse(sheet.schedule_template(plan), content_type=XLSX_CONTENT_TYPE)
    return download_headers(response, f"mau-lich-kiem-tra-{plan.pk}.xlsx")


def _session_key(plan) -> str:
    return f"schedule_import_{plan.pk}"


def _stored(request, plan) -> bytes | None:
    token = request.session.get(_session_key(plan), "")
    name = f"imports/{token}.xlsx"
    if len(token) != 32 or not token.isalnum() or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _forget(request, plan) -> None:
    token = request.session.pop(_session_key(plan), "")
    if len(token) == 32 and token.isalnum():
        default_storage.delete(f"imports/{token}.xlsx")


def _keep(request, plan, upload) -> bytes | None:
    """The uploaded bytes (None if too large), stored for the confirmation step."""
    if upload.size > sheet.MAX_BYTES:
        return None
    content = upload.read(sheet.MAX_BYTES + 1)
    _forget(request, plan)
    token = uuid.uuid4().hex
    default_storage.save(f"imports/{token}.xlsx", ContentFile(content))
    request.session[_session_key(plan)] = token
    return content


def _choices(post) -> dict[int, int]:
    found = {}
    for key, value in post.items():
        line, chosen = key.removeprefix("agency_"), value
        if key.startswith("agency_") and line.isdigit() and chosen.isdigit():
            found[int(line)] = int(chosen)
    return found


def _confirm(request, plan):
    content = _stored(request, plan)
    if content is None:
        messages.error(request, _("Tệp đã tải lên không còn; hãy tải lại bảng tính."))
        return redirect("inspections:schedule_import", pk=plan.pk)
    choices = _choices(request.POST)
    try:
        preview = sheet.schedule_import(plan=plan, content=content, user=request.user, choices=choices)
    except sheet.ScheduleImportError as exc:
        return render(
            request, "inspections/schedule_import.html", {"plan": plan, "preview": exc.preview, "chosen": choices}
        )
    _forget(request, plan)
    messages.success(
        request,
        _("Đã nhập %(visits)d đơn vị vào lịch kiểm tra và %(members)d thành viên đoàn.")
        % {"visits": len(preview.rows), "members": len(preview.members)},
    )
    return redirect("inspections:plan_detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_import(request, pk: int):
    plan = get_plan_for_user(request.user, pk, write=True)
    context = {"plan": plan, "preview": None, "chosen": {}}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, plan)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["upload_error"] = _("Hãy chọn tệp Excel (.xlsx).")
        else:
            content = _keep(request, plan, upload)
            if content is None:
                context["upload_error"] = _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": sheet.MAX_BYTES // 1048576}
            else:
                context["preview"] = sheet.schedule_parse(plan=plan, content=content, user=request.user)
    return render(request, "inspections/schedule_import.html", context)
