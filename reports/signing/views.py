"""Upload of the signed file, the issued and unsigned downloads, and the public verification page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports.models import ElectronicCopy
from reports.permissions import can_finalize, get_version_for_user
from reports.signing import services
from reports.signing.forms import CopyForm, SignedUploadForm
from reports.signing.selectors import verification_for
from reports.signing.upload import SignedFileRefused
from tthc_inspect.client_ip import client_ip
from tthc_inspect.files import private_file_response

RATE_WINDOW = 60  # seconds


def _back(version) -> str:
    document = version.document
    if document.visit_id:
        return reverse("inspections:visit_detail", args=[document.visit_id]) + "#van-ban"
    return reverse("inspections:plan_detail", args=[document.plan_id]) + "#van-ban"


@login_required
@require_POST
def signed_upload(request, pk: int):
    """ "Tải lên bản đã ký": the office uploads the file signed with the province's token software."""
    version = get_version_for_user(request.user, pk)
    if not can_finalize(request.user, version.document.plan):
        raise PermissionDenied
    form = SignedUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(version))
    try:
        version = services.signed_upload_accept(version=version, content=form.cleaned_data["signed"], user=request.user)
    except SignedFileRefused as exc:
        messages.error(request, _("Không nhận tệp đã ký: %(reason)s") % {"reason": exc})
    else:
        messages.success(request, _("Đã nhận bản đã ký số; đây là bản phát hành của văn bản."))
    return redirect(_back(version))


@login_required
@require_GET
def unsigned_download(request, pk: int):
    """The file that was offered for signing (kept in the history once a signed copy exists)."""
    version = get_version_for_user(request.user, pk)
    if not version.is_final:
        raise Http404
    name = f"van-ban-{version.pk}-v{version.version}-ban-dua-ky.pdf"
    return private_file_response(version.file, content_type="application/pdf", filename=name)


@login_required
@require_POST
def copy_create(request, pk: int):
    """'Sao y điện tử' of an issued version (the office)."""
    version = get_version_for_user(request.user, pk)
    if not can_finalize(request.user, version.document.plan):
        raise PermissionDenied
    form = CopyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(version))
    try:
        services.electronic_copy_make(version=version, user=request.user, **form.cleaned_data)
    except SignedFileRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã tạo bản sao điện tử; cơ quan sao ký số vào ô ở góc trên bên phải trang 1."))
    return redirect(_back(version))


@login_required
@require_GET
def copy_download(request, pk: int):
    """An electronic copy, to whoever may see the version it copies."""
    copy = get_object_or_404(ElectronicCopy.objects.select_related("version"), pk=pk)
    version = get_version_for_user(request.user, copy.version_id)
    name = f"ban-sao-{copy.form.lower()}-{version.pk}-v{version.version}-{copy.pk}.pdf"
    return private_file_response(copy.file, content_type="application/pdf", filename=name)


def _rate_limited(request) -> bool:
    window = int(timezone.now().timestamp()) // RATE_WINDOW
    key = f"verify-rate:{client_ip(request) or '-'}:{window}"
    if cache.add(key, 1, RATE_WINDOW + 5):
        return False
    try:
        return cache.incr(key) > settings.VERIFY_RATE_LIMIT
    except ValueError:  # expired between add and incr
        return False


@require_GET
def verify(request, code: str):
    """/xac-thuc/<code>/: anyone learns whether the code exists, its number and date; who may see the document, more."""
    if _rate_limited(request):
        response = render(request, "reports/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    context = verification_for(code=code, user=request.user)
    return render(request, "reports/verify.html", context, status=200 if context["found"] else 404)
