"""The office's periodic report page: choose a period and a format, follow the job, download the file.

Office staff request reports; office and leadership list and download them (every figure is read
as the requesting user sees it). Anyone else: 403.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from reports.models import PeriodicReport
from reports.periodic.figures import PART_LABELS, Period
from reports.periodic.services import periodic_request
from tthc_inspect.files import XLSX_CONTENT_TYPE, private_file_response
from tthc_inspect.forms import DateInput
from tthc_inspect.text import NFCFormMixin
from units.roles import is_office, sees_everything

RECENT = 20


class PeriodicForm(NFCFormMixin, forms.Form):
    year = forms.IntegerField(label=_lazy("Năm"), min_value=2000, max_value=2100)
    part = forms.ChoiceField(label=_lazy("Kỳ"), choices=[("", _lazy("Cả năm")), *PART_LABELS.items()], required=False)
    format = forms.ChoiceField(
        label=_lazy("Định dạng"),
        choices=[(f, f.label) for f in (PeriodicReport.Format.PDF, PeriodicReport.Format.XLSX)],
    )
    issued_on = forms.DateField(label=_lazy("Ngày báo cáo"), widget=DateInput(), input_formats=["%d/%m/%Y"])
    number = forms.IntegerField(label=_lazy("Số văn bản (để trống: dự thảo)"), min_value=1, required=False)
    signer_name = forms.CharField(label=_lazy("Người ký"), max_length=120, required=False)
    signer_position = forms.CharField(label=_lazy("Chức vụ người ký"), max_length=160, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("number") and not cleaned.get("signer_name"):
            self.add_error("signer_name", _("Bản có số văn bản phải có người ký."))
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def periodic_page(request):
    if not sees_everything(request.user):
        raise PermissionDenied
    initial = {"year": timezone.localdate().year, "issued_on": timezone.localdate(), "format": "pdf"}
    form = PeriodicForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not is_office(request.user):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            period = Period(data["year"], data["part"])
            details = {k: data[k] for k in ("number", "signer_name", "signer_position")}
            job = periodic_request(
                user=request.user, period=period, fmt=data["format"], issued_on=data["issued_on"], **details
            )
            if getattr(job, "enqueue_failed", False):
                messages.warning(request, _("Hệ thống xử lý đang bận; báo cáo sẽ được tạo sau."))
            return redirect("reports:periodic")
    jobs = PeriodicReport.objects.order_by("-pk")[:RECENT]
    return render(
        request, "reports/periodic.html", {"form": form, "jobs": jobs, "can_request": is_office(request.user)}
    )


def _job(request, pk: int) -> PeriodicReport:
    if not sees_everything(request.user):
        raise PermissionDenied
    return get_object_or_404(PeriodicReport, pk=pk)


@login_required
@require_GET
def periodic_status(request, pk: int):
    return render(request, "reports/_periodic_job.html", {"job": _job(request, pk)})


@login_required
@require_GET
def periodic_download(request, pk: int):
    job = _job(request, pk)
    if job.status != PeriodicReport.Status.DONE:
        raise Http404
    content_type = XLSX_CONTENT_TYPE if job.format == PeriodicReport.Format.XLSX else "application/pdf"
    name = f"bao-cao-dinh-ky-{job.period}{'' if job.number else '-du-thao'}.{job.format}"
    return private_file_response(job.file, content_type=content_type, filename=name)
