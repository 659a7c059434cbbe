"""Directory pages of the provincial office: agencies, officials, the communes' agencies from the area data.

Office only (others: 403). The area search answers every signed-in user: areas are public data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from units import directory
from units.account_views import office_only
from units.directory_forms import AgencyForm, DissolveForm, MergeForm, OfficialForm, ProvinceForm
from units.models import AdminArea, Agency, Kind, Official
from units.pickers import AREA_RELATED, PICKER_LIMIT, area_label

PER_PAGE = 50


@login_required
def agency_list(request):
    office_only(request)
    agencies = Agency.objects.select_related("area", "parent").search(request.GET.get("q", "").strip())
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        agencies = agencies.filter(kind=kind)
    if request.GET.get("all") != "1":
        agencies = agencies.filter(valid_to__isnull=True)
    page = Paginator(agencies.order_by("name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "q": request.GET.get("q", ""), "kind": kind, "kinds": Kind.choices}
    return render(request, "units/agency_list.html", context)


def _form_page(request, form, template, done, **context):
    if request.method == "POST" and form.is_valid():
        saved = done(form)
        if saved is not None:
            return saved
    return render(request, template, {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request, pk: int | None = None):
    office_only(request)
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)

    def done(form):
        saved = directory.agency_save(form=form, user=request.user)
        messages.success(request, _("Đã lưu %(name)s.") % {"name": saved.name})
        return redirect("units:agency_edit", pk=saved.pk)

    officials = agency.officials.select_related("user").order_by("full_name") if agency else []
    return _form_page(request, form, "units/agency_form.html", done, agency=agency, officials=officials)


@login_required
@require_http_methods(["GET", "POST"])
def agency_create(request):
    return agency_edit(request)


@login_required
@require_http_methods(["GET", "POST"])
def agency_dissolve(request, pk: int):
    office_only(request)
    agency = get_object_or_404(Agency, pk=pk)
    form = DissolveForm(request.POST or None)

    def done(form):
        data = form.cleaned_data
        try:
            directory.agency_dissolve(agency=agency, on=data["on"], successor=data["successor"], user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return None
        messages.success(request, _("Đã ghi nhận %(name)s thôi hoạt động.") % {"name": agency.name})
        return redirect("units:agency_edit", pk=agency.pk)

    return _form_page(request, form, "units/agency_dissolve.html", done, agency=agency)


@login_required
@require_http_methods(["GET", "POST"])
def agency_merge(request):
    office_only(request)
    form = MergeForm(request.POST or None)

    def done(form):
        data = form.cleaned_data
        try:
            target = directory.agency_merge(
                sources=list(data["sources"]),
                target=data["target"],
                on=data["on"],
                move_officials=data["move_officials"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return None
        messages.success(request, _("Đã sáp nhập vào %(name)s.") % {"name": target.name})
        return redirect("units:agency_edit", pk=target.pk)

    return _form_page(request, form, "units/agency_merge.html", done)


@login_required
def official_list(request):
    office_only(request)
    officials = Official.objects.select_related("agency", "user").order_by("full_name", "pk")
    text = request.GET.get("q", "").strip()
    if text:
        officials = officials.filter(
            Q(full_name__icontains=text) | Q(email__icontains=text) | Q(agency__in=Agency.objects.search(text))
        )
    page = Paginator(officials, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "units/official_list.html", {"page": page, "q": text})


@login_required
@require_http_methods(["GET", "POST"])
def official_edit(request, pk: int | None = None):
    office_only(request)
    official = get_object_or_404(Official.objects.select_related("user"), pk=pk) if pk else None
    initial = {"agency": request.GET.get("agency")} if official is None and request.GET.get("agency") else None
    form = OfficialForm(request.POST or None, instance=official, initial=initial)

    def done(form):
        saved = directory.official_save(form=form, user=request.user)
        messages.success(request, _("Đã lưu cán bộ %(name)s.") % {"name": saved.full_name})
        if official is None and not saved.user_id:
            return redirect("units:account_create", official_pk=saved.pk)
        return redirect("units:official_edit", pk=saved.pk)

    return _form_page(request, form, "units/official_form.html", done, official=official)


@login_required
@require_POST
def official_delete(request, pk: int):
    """Delete an official entered by mistake (the service refuses one with an account or a record)."""
    office_only(request)
    official = get_object_or_404(Official, pk=pk)
    try:
        name = directory.official_delete(official=official, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("units:official_edit", pk=official.pk)
    messages.success(request, _("Đã xóa cán bộ %(name)s.") % {"name": name})
    return redirect("units:official_list")


@login_required
@require_http_methods(["GET", "POST"])
def official_create(request):
    return official_edit(request)


@login_required
@require_http_methods(["GET", "POST"])
def communes_propose(request):
    """Step 1: pick a province (2025 edition); step 2: tick the proposed UBND and centres; they are created."""
    office_only(request)
    form = ProvinceForm(request.POST or request.GET or None)
    province = form.cleaned_data["province"] if form.is_bound and form.is_valid() else None
    if request.method == "POST" and province is not None:
        keys = set(request.POST.getlist("create"))
        created = directory.communes_create(province=province, keys=keys, user=request.user)
        messages.success(request, _("Đã tạo %(n)d cơ quan cấp xã.") % {"n": created})
        return redirect(f"{request.path}?province={province.pk}")
    rows = directory.commune_proposals(province) if province is not None else []
    return render(request, "units/communes_propose.html", {"form": form, "province": province, "rows": rows})


@login_required
@require_GET
def area_search(request):
    """The area picker's matches: accent-insensitive, current edition first, at most PICKER_LIMIT (2 queries)."""
    areas = AdminArea.objects.select_related(*AREA_RELATED).search(request.GET.get("q", "").strip())
    level, edition = request.GET.get("level", ""), request.GET.get("edition", "")
    if level:
        areas = areas.filter(level=level)
    if edition:
        areas = areas.filter(edition=edition)
    rows = list(areas.order_by("edition", "level", "name", "pk")[:PICKER_LIMIT])
    options = [{"value": a.pk, "label": area_label(a)} for a in rows]
    return render(request, "units/picker_results.html", {"options": options})
