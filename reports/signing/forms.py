"""The signed-file upload: bounded in size, a PDF by its content (the name is ignored)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports.models import ElectronicCopy

PDF_MAGIC = b"%PDF-"


class SignedUploadForm(forms.Form):
    signed = forms.FileField(label=_("Tệp PDF đã ký số"))

    def clean_signed(self) -> bytes:
        upload = self.cleaned_data["signed"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": settings.UPLOAD_MAX_BYTES // 1048576}
            )
        content = upload.read(settings.UPLOAD_MAX_BYTES + 1)
        if not content.startswith(PDF_MAGIC):
            raise ValidationError(_("Tệp không phải là PDF (nội dung tệp không đúng định dạng PDF)."))
        return content


class CopyForm(forms.Form):
    form = forms.ChoiceField(label=_("Hình thức sao"), choices=ElectronicCopy.Form.choices, initial="SY")
    agency_name = forms.CharField(label=_("Cơ quan sao"), max_length=255)
