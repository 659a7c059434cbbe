"""Forms of the inspector's workspace. Each carries the revision it was read at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from findings.models import Explanation, Finding, ItemResult, VisitMinutes
from findings.models.results import Progress, Result, Severity
from tthc_inspect.text import NFCFormMixin


class RevisionMixin(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ItemResultForm(NFCFormMixin, RevisionMixin, forms.ModelForm):
    class Meta:
        model = ItemResult
        fields = ["result", "progress", "note"]
        widgets = {
            "result": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2, "placeholder": _("Ghi chú, số liệu đã kiểm tra…")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = Result.choices
        self.fields["result"].required = False
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision

    def clean(self):
        """A result recorded on an item still marked "Chưa làm" means the work is done.

        ("Đạt · Chưa làm" would contradict itself, on the page and in the reports.)
        """
        cleaned = super().clean()
        if cleaned.get("result") and cleaned.get("progress") == Progress.TODO:
            cleaned["progress"] = Progress.DONE
        return cleaned


class FindingForm(NFCFormMixin, RevisionMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "item", "description", "cause", "recommendation", "severity", "evidence", "earlier_finding"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "recommendation": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, visit, items, evidence, earlier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier_finding"].queryset = earlier if earlier is not None else Finding.objects.none()
        self.fields["earlier_finding"].label_from_instance = lambda f: f"{f.visit.plan.number}: {f.description[:90]}"
        self.instance.visit = visit
        self.fields["kind"].choices = Finding.Kind.choices  # no blank radio (it showed pre-checked)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: f"{item.code} {item.text[:90]}"
        self.fields["evidence"].queryset = evidence
        self.fields["evidence"].label_from_instance = lambda e: e.caption
        self.fields["severity"].choices = [("", _("— (chỉ dùng cho hạn chế)"))] + list(Severity.choices)
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        kind, severity = cleaned.get("kind"), cleaned.get("severity")
        if kind == Finding.Kind.LIMITATION and not severity:
            self.add_error("severity", _("Hãy chọn mức độ của hạn chế."))
        if kind == Finding.Kind.STRENGTH and severity:
            cleaned["severity"] = ""
        return cleaned

    @property
    def data_for_service(self) -> dict:
        fields = ["kind", "item", "description", "cause", "recommendation", "severity", "earlier_finding"]
        return {name: self.cleaned_data[name] for name in fields}


class EvidenceForm(NFCFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp ảnh hoặc PDF"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"}
        ),
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=500)


class ExplanationForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Explanation
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ReturnForm(NFCFormMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến của Trưởng đoàn"), widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(NFCFormMixin, RevisionMixin, forms.ModelForm):
    class Meta:
        model = VisitMinutes
        fields = [
            "started_at",
            "ended_at",
            "place",
            "chair",
            "secretary",
            "team_participants",
            "agency_participants",
            "summary",
            "agency_signer_name",
            "agency_signer_position",
        ]
        widgets = {
            "started_at": forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
            "ended_at": forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
            "team_participants": forms.Textarea(attrs={"rows": 3}),
            "agency_participants": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision
