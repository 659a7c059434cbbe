"""Forms for plans, decisions with their team, and visits. Model ``clean`` holds the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from inspections.models import Decision, Plan, TeamMember, Visit
from inspections.pickers import agency_refusal
from inspections.plan_editions import edition_clean, plan_editions_field
from tthc_inspect.forms import DateInput, check_pdf_upload
from tthc_inspect.text import NFCFormMixin
from units.models import Agency, Kind
from units.pickers import agency_picker, official_picker


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
            "checklist",
            "legal_bases",
            "signed_scan",
        ]
        widgets = {
            "legal_bases": forms.Textarea(attrs={"rows": 6}),
            "issued_on": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "content_areas": forms.Textarea(attrs={"rows": 5}),
            "signed_scan": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
            "issuer": agency_picker(include="[name=issued_on]", extra={"date_field": "issued_on"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_editions_field(self)

    def clean(self):
        cleaned = super().clean()
        edition_clean(self, cleaned)
        refusal = agency_refusal(cleaned.get("issuer"), cleaned.get("issued_on"))
        if refusal:
            self.add_error("issuer", refusal)
        return cleaned

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
        widgets = {"official": official_picker(), "home_agency": agency_picker()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_agency"].required = False
        self.fields["order"].required = False  # empty: listed in the order of the rows
        self.fields["home_agency"].help_text = _lazy("Để trống: lấy cơ quan của cán bộ.")

    def clean_order(self):
        order = self.cleaned_data.get("order")
        return order if order is not None else 0

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
    Decision, TeamMember, form=TeamMemberForm, formset=BaseTeamFormSet, extra=1, can_delete=True
)  # one empty row; the page's "Thêm thành viên" adds as many more as needed (static/js/app.js)


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
            # Offered: agencies valid on the planned start; then the visited agency's units and people.
            "agency": agency_picker(
                include="[name=planned_start]", extra={"date_field": "planned_start", "exclude_kind": Kind.SUBORDINATE}
            ),
            "units_seen": agency_picker(multiple=True, include="[name=agency]", extra={"parent_field": "agency"}),
            "people_met": official_picker(multiple=True, include="[name=agency]", extra={"agency_field": "agency"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.exclude(kind=Kind.SUBORDINATE)
        if self.instance.pk and self.instance.has_started:
            # Shown, never taken from the request: who reads the results follows from the agency.
            self.fields["agency"].disabled = True
            self.fields["agency"].help_text = _("Cuộc kiểm tra đã bắt đầu; không đổi được cơ quan được kiểm tra.")

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        if not self.fields["agency"].disabled:
            refusal = agency_refusal(agency, cleaned.get("planned_start"))
            if refusal:
                self.add_error("agency", refusal)
        if agency and self.instance.plan_id:
            duplicate = (
                Visit.objects.filter(plan_id=self.instance.plan_id, agency=agency).exclude(pk=self.instance.pk).exists()
            )
            if duplicate:
                self.add_error("agency", _("Cơ quan này đã có trong lịch kiểm tra của kế hoạch."))
        return cleaned
