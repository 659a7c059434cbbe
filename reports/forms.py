"""Forms of the document panel: request a rendering, issue a final version. Dates are dd/mm/yyyy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import RenderJob
from tthc_inspect.forms import DateInput
from tthc_inspect.text import NFCFormMixin

DATE_FORMATS = ["%d/%m/%Y"]


class RequestForm(NFCFormMixin, forms.Form):
    fmt = forms.ChoiceField(choices=RenderJob.Format.choices, initial=RenderJob.Format.PDF, required=False)
    issued_on = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)
    deadline = forms.DateField(label=_("Hạn khắc phục"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)

    def clean_fmt(self):
        return self.cleaned_data.get("fmt") or RenderJob.Format.PDF

    def clean(self):
        cleaned = super().clean()
        issued_on, deadline = cleaned.get("issued_on"), cleaned.get("deadline")
        if issued_on and deadline and deadline < issued_on:
            self.add_error("deadline", _("Hạn khắc phục phải sau ngày văn bản."))
        return cleaned


class FinalizeForm(NFCFormMixin, forms.Form):
    number = forms.IntegerField(
        label=_("Số văn bản"),
        min_value=1,
        max_value=99999,
        required=False,
        help_text=_("Để trống: lấy số tiếp theo trong sổ đăng ký văn bản đi."),
    )
    issued_on = forms.DateField(label=_("Ngày văn bản"), widget=DateInput(), input_formats=DATE_FORMATS)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=160, initial=_("Trưởng đoàn"))
