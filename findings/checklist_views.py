"""Checklist templates: browse, export (YAML, XLSX), import and new versions (office)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from checklists.formats import (
    MAX_BYTES,
    ChecklistFormatError,
    checklist_export_xlsx,
    checklist_export_yaml,
    checklist_import,
)
from checklists.models import ChecklistTemplate
from checklists.services import checklist_revise
from inspections.selectors import checklist_is_frozen
from tthc_inspect.files import XLSX_CONTENT_TYPE, download_headers
from units.roles import is_office


class ChecklistImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp YAML hoặc JSON"), widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"})
    )


def _template(user, pk):
    return get_object_or_404(ChecklistTemplate.objects.visible_to(user), pk=pk)


@login_required
def checklist_list(request):
    templates = (
        ChecklistTemplate.objects.visible_to(request.user)
        .annotate(item_count=Count("sections__items"))
        .order_by("code", "-version")
    )
    form = ChecklistImportForm() if is_office(request.user) else None
    return render(request, "findings/checklist_list.html", {"templates": templates, "form": form})


@login_required
def checklist_detail(request, pk: int):
    template = _template(request.user, pk)
    sections = template.sections.prefetch_related("items").order_by("order", "pk")
    return render(
        request,
        "findings/checklist_detail.html",
        {
            "template": template,
            "sections": sections,
            "can_revise": is_office(request.user),
            "is_frozen": checklist_is_frozen(template),
        },
    )


@login_required
def checklist_export(request, pk: int, fmt: str):
    if fmt not in ("yaml", "xlsx"):
        raise Http404
    template = _template(request.user, pk)
    name = f"{template.code}-v{template.version}"
    if fmt == "xlsx":
        response = HttpResponse(
            checklist_export_xlsx(template),
            content_type=XLSX_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(checklist_export_yaml(template), content_type="application/x-yaml; charset=utf-8")
    return download_headers(response, f"{name}.{fmt}")


@login_required
@require_POST
def checklist_upload(request):
    if not is_office(request.user):
        raise PermissionDenied
    form = ChecklistImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BYTES:
                raise ChecklistFormatError(_("Tệp mẫu quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_BYTES // 1048576})
            text = upload.read().decode("utf-8")
            template = checklist_import(text)
        except UnicodeDecodeError:
            form.add_error("file", _("Tệp phải được lưu với bảng mã UTF-8."))
        except ChecklistFormatError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Đã nhập mẫu %(t)s.") % {"t": template})
            return redirect("findings:checklist_detail", pk=template.pk)
    templates = ChecklistTemplate.objects.annotate(item_count=Count("sections__items")).order_by("code", "-version")
    return render(request, "findings/checklist_list.html", {"templates": templates, "form": form})


@login_required
@require_POST
def checklist_new_version(request, pk: int):
    if not is_office(request.user):
        raise PermissionDenied
    template = _template(request.user, pk)
    new = checklist_revise(template=template)
    messages.success(
        request, _("Đã tạo phiên bản %(v)d; các kế hoạch đã ban hành vẫn dùng phiên bản cũ.") % {"v": new.version}
    )
    return redirect("findings:checklist_detail", pk=new.pk)
