"""'Lập hồ sơ lưu trữ' (office, completed plan) and the download of a finished package."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspections.permissions import get_plan_for_user
from reports.archive import services
from reports.models import ArchivePackage
from reports.permissions import can_finalize
from tthc_inspect.files import private_file_response
from tthc_inspect.text import fold


@login_required
@require_POST
def archive_request(request, plan_pk: int):
    plan = get_plan_for_user(request.user, plan_pk)
    if not can_finalize(request.user, plan):
        raise PermissionDenied
    try:
        services.archive_request(plan=plan, user=request.user)
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi yêu cầu lập hồ sơ lưu trữ; tệp ZIP sẽ có ở mục Văn bản khi xong."))
    return redirect(reverse("inspections:plan_detail", args=[plan.pk]) + "#van-ban")


@login_required
@require_GET
def archive_download(request, pk: int):
    package = get_object_or_404(ArchivePackage.objects.select_related("plan"), pk=pk)
    plan = get_plan_for_user(request.user, package.plan_id)
    if not can_finalize(request.user, plan):
        raise PermissionDenied
    if package.status != ArchivePackage.Status.DONE:
        raise Http404
    name = "ho-so-luu-tru-" + fold(plan.number).replace("/", "-") + f"-{package.pk}.zip"
    return private_file_response(package.file, content_type="application/zip", filename=name)
