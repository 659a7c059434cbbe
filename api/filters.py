"""Filters of the API: the pages' FilterSets where a page has one (plans, remediation actions), and
small FilterSets by parent id elsewhere, built from the shared bounded fields of tthc_inspect.forms."""

import django_filters
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend

from checklists.models import ChecklistTemplate
from findings.models import Evidence, Finding, ItemResult
from findings.models.results import Result
from inspections.models import Decision, Visit
from reports.models import Document, DocumentVersion, Kind, RenderJob
from tthc_inspect.forms import IdFilter
from tthc_inspect.text import fold
from units.models import AdminArea, Agency, Level, Official
from units.models import Kind as AgencyKind


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; a FilterSet that needs the user and today (``ActionFilter``) gets them."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if getattr(view, "filterset_needs_user", False):
            kwargs.update(user=request.user, today=timezone.localdate())
        return kwargs


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", max_length=200)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    area = IdFilter(field_name="area_id")
    parent = IdFilter(field_name="parent_id")

    class Meta:
        model = Agency
        fields = ["q", "level", "kind", "area", "parent"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class OfficialFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    q = django_filters.CharFilter(method="filter_name", max_length=200)

    class Meta:
        model = Official
        fields = ["agency", "q"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(full_name__icontains=value.strip()) if fold(value) else queryset


def by_parents(model, *parents: str, **choices) -> type[django_filters.FilterSet]:
    """A FilterSet of ``model`` by parent ids (``?visit=3``, bounded: tthc_inspect.forms.IdFilter) and by
    choice fields (``?status=done``, only the field's choices)."""
    attrs = {name: IdFilter(field_name=f"{name}_id") for name in parents}
    attrs |= {name: django_filters.ChoiceFilter(choices=options) for name, options in choices.items()}
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": [*choices, *parents]})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)


AreaFilter = by_parents(AdminArea, "parent", edition=AdminArea.Edition.choices, level=Level.choices)
DecisionFilter = by_parents(Decision, "plan")
VisitFilter = by_parents(Visit, "plan", "agency", status=Visit.Status.choices)
ItemResultFilter = by_parents(ItemResult, "visit", result=Result.choices)
FindingFilter = by_parents(Finding, "visit", kind=Finding.Kind.choices)
EvidenceFilter = by_parents(Evidence, "visit")
DocumentFilter = by_parents(Document, "plan", "visit", kind=Kind.choices)
VersionFilter = by_parents(DocumentVersion, "document", status=DocumentVersion.Status.choices)
JobFilter = by_parents(RenderJob, "version", status=RenderJob.Status.choices)


class ChecklistFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(max_length=60)

    class Meta:
        model = ChecklistTemplate
        fields = ["code"]
