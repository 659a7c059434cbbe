import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.models import Plan
from tthc_inspect.forms import IntegerFilter, PlainSelect, ValuesModelChoiceFilter
from units.models import Agency


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Số, trích yếu, cơ quan… (không cần dấu)")}),
    )
    year = IntegerFilter(label=_("Năm"), min_value=1, max_value=32767)  # Plan.year: PositiveSmallIntegerField
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Plan.Status.choices)
    issuer = ValuesModelChoiceFilter(
        label=_("Cơ quan ban hành"),
        queryset=Agency.objects.filter(kind__in=["ubnd", "office"], level="province").order_by("name"),
        widget=PlainSelect,
        label_fields=("name",),
        label_format="{}",  # as Agency.__str__
    )

    class Meta:
        model = Plan
        fields = ["q", "year", "status", "issuer"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
