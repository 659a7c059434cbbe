"""Forms for plans, decisions with their team, and visits. Model ``clean`` holds the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.forms import DateInput, check_pdf_upload
from tthc_inspect.text import NFCFormMixin
from units.models import Agency, Official


class PlanForm(NFCFormMixin, forms.ModelForm):
    """The plan's content; its status moves by the steps on the plan page (inspections.services), never here."""

    class Meta:
        model = Plan
        fields = [
            "number",
            "issued_on",
            "issuer",
            "year",
            "title",
            "purpose",
            "content_areas",
            "period_start",
            "period_end",
            "is_ad_hoc",
            "signed_scan",
        ]
        widgets = {
            "issued_on": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "content_areas": forms.Textarea(attrs={"rows": 5}),
            "signed_scan": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Agency.objects.order_by("name")

    def clean_signed_scan(self):
        upload = self.cleaned_data.get("signed_scan")
        if upload and hasattr(upload, "content_type"):
            check_pdf_upload(upload)
        return upload


class DecisionForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "issued_on", "title", "signer_name", "signer_position"]
        widgets = {"issued_on": DateInput()}


class TeamMemberForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["official", "role", "home_agency", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = Official.objects.select_related("agency").order_by("full_name")
        self.fields["home_agency"].queryset = Agency.objects.order_by("name")
        self.fields["home_agency"].required = False
        self.fields["home_agency"].help_text = _lazy("Để trống: lấy cơ quan của cán bộ.")

    def clean(self):
        cleaned = super().clean()
        official = cleaned.get("official")
        if official and not cleaned.get("home_agency"):
            cleaned["home_agency"] = official.agency
            self.instance.home_agency = official.agency
        return cleaned

    def validate_constraints(self):
        # The roster rules (one head, each person once) are checked over the whole
        # submitted team by BaseTeamFormSet.clean, not row by row against the stored
        # roster, so that swapping the head between two rows is accepted.
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions() | {"decision"})
        except ValidationError as exc:
            self._update_errors(exc)


class BaseTeamFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        # Replaced by clean(), which names the person appointed twice in Vietnamese.
        return

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        heads, seen = 0, set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            official = form.cleaned_data.get("official")
            if official is None:
                continue
            if official.pk in seen:
                raise ValidationError(
                    _("%(name)s được cử vào đoàn hơn một lần; mỗi người chỉ được cử một lần.")
                    % {"name": official.full_name}
                )
            seen.add(official.pk)
            if form.cleaned_data.get("role") == TeamMember.Role.HEAD:
                heads += 1
        if heads != 1:
            raise ValidationError(_("Đoàn kiểm tra phải có đúng một Trưởng đoàn (hiện có %(n)d).") % {"n": heads})


TeamFormSet = forms.inlineformset_factory(
    Decision, TeamMember, form=TeamMemberForm, formset=BaseTeamFormSet, extra=3, can_delete=True
)


class VisitForm(NFCFormMixin, forms.ModelForm):
    """The schedule and what was seen; the status moves by the workflow (findings.services), never here."""

    class Meta:
        model = Visit
        fields = [
            "agency",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "units_seen",
            "people_met",
            "people_notes",
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
            "people_notes": forms.Textarea(attrs={"rows": 3}),
            "units_seen": forms.SelectMultiple(attrs={"size": 6}),
            "people_met": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.exclude(kind="subordinate").order_by("name")
        self.fields["units_seen"].queryset = Agency.objects.order_by("name")
        self.fields["people_met"].queryset = Official.objects.select_related("agency").order_by("full_name")
        if self.instance.pk and self.instance.has_started:
            # Shown, never taken from the request: who reads the results follows from the agency.
            self.fields["agency"].disabled = True
            self.fields["agency"].help_text = _("Cuộc kiểm tra đã bắt đầu; không đổi được cơ quan được kiểm tra.")

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        if agency and self.instance.plan_id:
            duplicate = (
                Visit.objects.filter(plan_id=self.instance.plan_id, agency=agency).exclude(pk=self.instance.pk).exists()
            )
            if duplicate:
                self.add_error("agency", _("Cơ quan này đã có trong lịch kiểm tra của kế hoạch."))
        return cleaned
