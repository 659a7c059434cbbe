import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from findings.models import RemediationAction
from inspections.models import Plan
from tthc_inspect.forms import DateInput, IdFilter, PlainSelect, ValuesModelChoiceFilter
from tthc_inspect.text import NFCFormMixin, fold


class ConclusionForm(forms.Form):
    issued_on = forms.DateField(label=_("Ngày ban hành Thông báo kết luận"), widget=DateInput())
    deadline = forms.DateField(
        label=_("Hạn báo cáo khắc phục"),
        required=False,
        widget=DateInput(),
        help_text=_("Hạn in trong Thông báo kết luận và hạn của các biện pháp khắc phục (một hạn duy nhất)."),
    )
    days = forms.IntegerField(label=_("hoặc số ngày kể từ ngày kết luận"), min_value=1, max_value=365, required=False)


class ActionForm(NFCFormMixin, forms.Form):
    description = forms.CharField(label=_("Hạn chế cần khắc phục"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(label=_("Biện pháp yêu cầu"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Thời hạn"), widget=DateInput())
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)


class ReportForm(NFCFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Kết quả khắc phục đã thực hiện"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    file = forms.FileField(
        label=_("Minh chứng (ảnh hoặc PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    caption = forms.CharField(label=_("Chú thích minh chứng"), max_length=500, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(NFCFormMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtensionRequestForm(NFCFormMixin, forms.Form):
    new_deadline = forms.DateField(label=_("Đề nghị gia hạn đến ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ActionFilter(django_filters.FilterSet):
    plan = ValuesModelChoiceFilter(
        label=_("Kế hoạch"),
        field_name="visit__plan",
        queryset=Plan.objects.order_by("-year", "number"),
        widget=PlainSelect,
        label_fields=("number", "title"),
        label_format="{} — {}",  # as Plan.__str__
    )
    # A name search rather than a list of every agency: at national scale the list had thousands of options.
    q = django_filters.CharFilter(
        label=_("Cơ quan (tìm theo tên, không cần dấu)"), method="filter_agency_name", max_length=200
    )
    agency = IdFilter(field_name="agency_id", widget=forms.HiddenInput)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RemediationAction.Status.choices)
    overdue = django_filters.BooleanFilter(label=_("Chỉ quá hạn"), method="filter_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = RemediationAction
        fields = ["plan", "q", "agency", "status", "overdue"]

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["plan"].queryset = Plan.objects.visible_to(user).order_by("-year", "number")

    def filter_agency_name(self, queryset, name, value):
        return queryset.filter(agency__search_name__contains=fold(value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value else queryset
