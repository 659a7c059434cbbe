"""The dashboards' filter: one form, one set of conditions applied to every model behind a figure.

``DashboardFilter`` (django-filter) validates the query string and filters visits; ``Scope``
carries the cleaned values and turns them into a ``Q`` on any model that reaches a visit
(``visit__…`` for results, findings and actions), so a figure and the list behind it are
filtered the same way. ``Scope.query`` is the query string that reproduces the filter, used
by every link, chart and export.

Areas: an agency belongs to its ``AdminArea``; choosing a province (or district) selects the
agencies of that area and of its districts and communes, and choosing a 2025 province also
selects the pre-2025 provinces merged into it, so "Tỉnh Quảng Ngãi" covers Kon Tum's 2020
inspections while "Tỉnh Kon Tum" (its name at the time) remains selectable on its own.
"""

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from findings.models import Finding
from inspections.models import Plan, Visit
from reports.dashboards.areas import NATIONAL, WHOLE_PROVINCE, group_label, home_province, province_areas
from reports.dashboards.cache import cached_choices
from tthc_inspect.forms import IdField, IdModelChoiceFilter, parse_id
from units.models import AdminArea, Kind, Level

FILTER_KEYS = ("year", "plan", "kind", "level", "area", "status")
ALL_YEARS = ""
ACTION_STATE_KEYS = ("open", "returned", "reported", "verified", "overdue", "pending")
AGE_KEYS = ("0-30", "31-90", "91-180", "181-365", "365+")
SELECTED = " selected"
NO_ITEM = "chung"  # findings without a checklist item (general remarks)


def area_ids(area_id: int) -> tuple[int, ...]:
    """The area, the pre-2025 areas merged into it, and their descendants (three levels at most): one query.

    Resolved once per request, so each aggregate filters on a plain list of ids instead of
    repeating the tree walk.
    """
    merged = AdminArea.successors.through.objects.filter(to_adminarea_id=area_id).values("from_adminarea_id")
    roots = Q(pk=area_id) | Q(pk__in=merged)
    parents = Q(parent_id=area_id) | Q(parent_id__in=merged)
    grandparents = Q(parent__parent_id=area_id) | Q(parent__parent_id__in=merged)
    ids = AdminArea.objects.filter(roots | parents | grandparents).values_list("pk", flat=True)
    return tuple(sorted(ids))


@dataclass(frozen=True)
class Scope:
    """Cleaned filter values (ids and codes, not objects) shared by the overview, charts, lists and exports."""

    year: int | None = None
    plan: int | None = None
    kind: str = ""
    level: str = ""
    area: int | None = None
    status: str = ""
    areas: tuple[int, ...] = ()  # ``area`` and everything under it (see ``area_ids``)

    def visit_q(self, prefix: str = "") -> Q:
        """The filter as a condition on visits reached through ``prefix`` ("" or "visit__")."""
        q = Q()
        if self.year:
            q &= Q(**{f"{prefix}plan__year": self.year})
        if self.plan:
            q &= Q(**{f"{prefix}plan_id": self.plan})
        if self.kind:
            q &= Q(**{f"{prefix}agency__kind": self.kind})
        if self.level:
            q &= Q(**{f"{prefix}agency__level": self.level})
        if self.area:
            q &= Q(**{f"{prefix}agency__area_id__any": self.areas or area_ids(self.area)})
        if self.status:
            q &= Q(**{f"{prefix}status": self.status})
        return q

    def without_year(self) -> "Scope":
        return Scope(kind=self.kind, level=self.level, area=self.area, status=self.status, areas=self.areas)

    @property
    def query(self) -> str:
        """The query string reproducing this filter; ``year`` is always present (empty = every year)."""
        values = {
            "year": self.year or ALL_YEARS,
            "plan": self.plan or "",
            "kind": self.kind,
            "level": self.level,
            "area": self.area or "",
            "status": self.status,
        }
        return urlencode({k: v for k, v in values.items() if k == "year" or v})

    @property
    def query_without_year(self) -> str:
        """The other conditions, ending with "&" when there are any (for links that set their own year)."""
        rest = urlencode({k: v for k, v in self.without_year().__dict__.items() if v and k != "areas"})
        return f"{rest}&" if rest else ""


def _area_text(name: str, parent_name: str | None, edition: str, editions: dict | None = None) -> str:
    editions = editions or _editions()
    when = editions[edition]
    return f"— {name}, {parent_name} ({when})" if parent_name else f"{name} ({when})"


def _editions() -> dict[str, str]:
    return {
        AdminArea.Edition.PRE_2025: str(_("trước 01/7/2025")),
        AdminArea.Edition.REFORM_2025: str(_("từ 01/7/2025")),
    }


def _area_label(area: AdminArea) -> str:
    return _area_text(area.name, area.parent.name if area.parent_id else None, area.edition)


def _option(value, label) -> str:
    return f'<option value="{escape(str(value))}">{escape(str(label))}</option>'


def _plan_label(plan: Plan) -> str:
    return f"{plan.number} ({plan.year}) — {plan.issuer.name}"


class DashboardFilter(django_filters.FilterSet):
    """Year, plan, agency kind and level, area (both editions), visit status."""

    year = django_filters.ChoiceFilter(label=_("Năm"), method="filter_scope", empty_label=_("Tất cả các năm"))
    plan = IdModelChoiceFilter(
        label=_("Kế hoạch"), queryset=Plan.objects.none(), method="filter_scope", empty_label=_("Tất cả kế hoạch")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại cơ quan"), choices=Kind.choices, method="filter_scope", empty_label=_("Tất cả")
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp"), choices=Level.choices, method="filter_scope", empty_label=_("Tất cả")
    )
    area = IdModelChoiceFilter(
        label=_("Địa bàn"), queryset=AdminArea.objects.none(), method="filter_scope", empty_label=NATIONAL
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái cuộc kiểm tra"),
        choices=Visit.Status.choices,
        method="filter_scope",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Visit
        fields = list(FILTER_KEYS)

    def __init__(self, data=None, *args, user, years: list[int], **kwargs):
        data = data.copy() if data is not None else {}
        if "year" not in data and years:
            data["year"] = str(max(years))  # no filter given: the latest year
        # A user of one province starts in that province (a tuple: a cached None is not a miss).
        (self._home,) = cached_choices(user=user, parts=("home",), compute=lambda: (home_province(user),))
        if "area" not in data and self._home:
            data["area"] = str(self._home)
        super().__init__(data, *args, **kwargs)
        self.form_user = user
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in sorted(years, reverse=True)]
        # Choices stay short at national scale: the plans of the chosen year; every province of both
        # editions, plus the districts of the chosen province (or of the chosen district's province).
        plans = Plan.objects.visible_to(user).select_related("issuer").order_by("-year", "issuer__name", "number")
        # The raw values pick the option lists (and their cache key): only a year of the list, only an id.
        self._year = int(year) if (year := self.data.get("year")) in {str(y) for y in years} else None
        self._area = parse_id(self.data.get("area"))
        if self._year:
            plans = plans.filter(year=self._year)
        self.filters["plan"].queryset = plans
        self.filters["area"].queryset = province_areas(self._home) if self._home else self._national_areas()
        self.form.fields["plan"].label_from_instance = _plan_label
        self.form.fields["area"].label_from_instance = _area_label
        self.form.fields["area"].empty_label = WHOLE_PROVINCE if self._home else NATIONAL
        for name in FILTER_KEYS:
            self.form.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def _national_areas(self):
        """Every province of both editions, plus the districts of the chosen province or district's province."""
        chosen = self._area
        shown = Q(level=Level.PROVINCE)
        if chosen:
            shown |= (
                Q(pk=chosen)
                | Q(parent_id=chosen, level=Level.DISTRICT)
                | Q(parent__children=chosen, level=Level.DISTRICT)
            )
        return (
            AdminArea.objects.filter(shown)
            .distinct()
            .select_related("parent")
            .annotate(
                province_name=Coalesce("parent__name", "name"),
                depth=Case(When(parent__isnull=True, then=Value(0)), default=Value(1)),
            )
            .order_by("edition", "province_name", "depth", "name")
        )

    def selects(self) -> list[dict]:
        """The filter's selects as plain HTML options, the chosen value marked.

        Django's widget templates (and a model instance per option) cost about as much as all the
        page's SQL for the ~500 options of the plan and area lists, so the options are written here
        in one pass (the standard library's ``html.escape``: Django's lazy-aware ``escape`` costs
        several times more per call) and kept in the cache per viewer, language, year, chosen area
        and version of the plans and areas (``cache.choices_version``): a new or edited plan or area
        changes the key.
        """
        lists = cached_choices(
            user=self.form_user,
            parts=(translation.get_language(), self._year, self._area),
            compute=self._option_lists,
        )
        selects = []
        for name, label, options in lists:
            field = self.form[name]
            current = escape(str(field.value() or ""))
            chosen = options.replace(f'<option value="{current}">', f'<option value="{current}"{SELECTED}>', 1)
            selects.append({"name": name, "id": field.auto_id, "label": label, "options": mark_safe(chosen)})  # noqa: S308
        return selects

    def _option_lists(self) -> list[tuple[str, str, str]]:
        """(name, label, options HTML with nothing selected) for each select; two queries."""
        form = self.form
        editions = _editions()
        lists = []
        for name in FILTER_KEYS:
            field = form[name]
            if name == "plan":
                rows = self.filters["plan"].queryset.values_list("pk", "number", "year", "issuer__name")
                choices = [("", field.field.empty_label)] + [(pk, f"{n} ({y}) — {i}") for pk, n, y, i in rows]
            elif name == "area" and self._home:
                lists.append((name, str(field.label), self._grouped_areas(str(field.field.empty_label), editions)))
                continue
            elif name == "area":
                rows = self.filters["area"].queryset.values_list("pk", "name", "parent__name", "edition")
                choices = [("", field.field.empty_label)] + [(pk, _area_text(*row, editions)) for pk, *row in rows]
            else:
                choices = field.field.choices
            options = "".join(_option(value, label) for value, label in choices)
            lists.append((name, str(field.label), options))
        return lists

    def _grouped_areas(self, empty_label: str, editions: dict) -> str:
        """The home province's areas as option groups, one per level and edition ("Cấp xã (từ 01/7/2025)")."""
        rows = self.filters["area"].queryset.values_list("pk", "name", "parent__name", "edition", "level")
        groups: dict[tuple, list[str]] = {}
        for pk, name, parent, edition, level in rows:
            groups.setdefault((level, edition), []).append(_option(pk, _area_text(name, parent, edition, editions)))
        html = _option("", empty_label)
        for (level, edition), options in groups.items():
            html += f'<optgroup label="{escape(group_label(level, editions[edition]))}">{"".join(options)}</optgroup>'
        return html

    def text(self) -> str:
        """The filter in words, atop an export or the PDF (no query: labels come from the bound form)."""
        form = self.form
        form.is_valid()
        parts = []
        for name in FILTER_KEYS:
            field = form[name]
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
            if value:
                model_value = isinstance(value, Plan | AdminArea)
                shown = field.field.label_from_instance(value) if model_value else str(value)
                if name in ("kind", "level", "status"):
                    shown = dict(field.field.choices).get(value, value)
                parts.append(f"{field.label}: {shown}")
        return "; ".join(str(p) for p in parts) or str(_("Tất cả dữ liệu được phép xem"))

    def filter_scope(self, queryset, name, value):
        return queryset  # applied together in ``qs`` through ``scope``

    @property
    def scope(self) -> Scope:
        """The cleaned filter (an invalid value is dropped, as if it had not been given)."""
        if not hasattr(self, "_scope"):
            self.form.is_valid()
            data = getattr(self.form, "cleaned_data", {})
            year = data.get("year")
            plan = data.get("plan")
            area = data.get("area")
            self._scope = Scope(
                year=int(year) if year else None,
                plan=plan.pk if plan else None,
                kind=data.get("kind") or "",
                level=data.get("level") or "",
                area=area.pk if area else None,
                status=data.get("status") or "",
                areas=self._area_ids(area.pk) if area else (),
            )
        return self._scope

    def _area_ids(self, area: int) -> tuple[int, ...]:
        """``area_ids``, cached with the option lists: the default area costs no query on every page."""
        return cached_choices(user=self.form_user, parts=("area_ids", area), compute=lambda: area_ids(area))

    @property
    def qs(self):
        return self.queryset.filter(self.scope.visit_q())


class DrillDown(forms.Form):
    """What a figure adds to the shared filter when it links to its list (all optional)."""

    agency = IdField(required=False)
    section = forms.CharField(required=False, max_length=10)
    item = forms.CharField(required=False, max_length=12)
    finding = forms.ChoiceField(required=False, choices=[("", "")] + list(Finding.Kind.choices))
    state = forms.ChoiceField(required=False, choices=[("", "")] + [(s, s) for s in ACTION_STATE_KEYS])
    age = forms.ChoiceField(required=False, choices=[("", "")] + [(a, a) for a in AGE_KEYS])

    def values(self) -> dict:
        """Cleaned values, invalid ones dropped."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}
