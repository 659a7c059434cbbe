"""The plan page's "Tải hồ sơ kế hoạch" (request, progress, download) and the office's package import.

Only the office asks for, follows and downloads a plan's package (it holds every evidence file
and document of the plan) and imports one: the plan is fetched through
``inspections.permissions.get_plan_for_user(write=True)``; a job through ``get_export_for_user``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections.models import Plan
from inspections.permissions import get_plan_for_user
from reports.exchange import services
from reports.exchange.importer import plan_import
from reports.models import PlanExport
from tthc_inspect.archive import PackageError
from tthc_inspect.files import private_file_response
from units.roles import is_office


def get_export_for_user(user, pk: int) -> PlanExport:
    job = get_object_or_404(
        PlanExport.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan"), pk=pk
    )
    if not is_office(user):
        raise PermissionDenied
    return job


@login_required
@require_POST
def export_request(request, plan_pk: int):
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    job = services.export_request(plan=plan, user=request.user)
    if getattr(job, "enqueue_failed", False):
        messages.warning(request, _("Hệ thống xử lý đang bận; yêu cầu tạo hồ sơ đã được ghi nhận và sẽ chạy sau."))
    else:
        messages.success(request, _("Đang tạo hồ sơ kế hoạch (ZIP)."))
    return redirect("inspections:plan_detail", pk=plan.pk)


@login_required
@require_GET
def export_status(request, pk: int):
    """The small partial htmx polls while the package is being built."""
    return render(request, "reports/_export_job.html", {"job": get_export_for_user(request.user, pk)})


@login_required
@require_GET
def export_download(request, pk: int):
    job = get_export_for_user(request.user, pk)
    if job.status != PlanExport.Status.DONE:
        raise Http404
    name = "ho-so-" + "".join(c if c.isalnum() else "-" for c in job.plan.number) + f"-{job.pk}.zip"
    return private_file_response(job.file, content_type="application/zip", filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def package_import(request):
    """The office uploads a package made by this software (here or in another installation)."""
    if not is_office(request.user):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Hãy chọn tệp ZIP hồ sơ kế hoạch.")
        else:
            try:
                plan = plan_import(upload, user=request.user)
            except PackageError as exc:
                error = str(exc)
            else:
                messages.success(request, _("Đã nhập kế hoạch %(number)s.") % {"number": plan.number})
                return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "reports/package_import.html", {"error": error})
