"""The agency and official pickers' searches (units.pickers draws the boxes), scoped by ``restrict(user, "pick")``.

Both answer at most ``PICKER_LIMIT`` rows in a fixed number of queries whatever the directory's size.
``on`` (or the form field named by ``date_field``) limits agencies to those valid that day; a
match that was valid before but not that day is not offered, and the list says which successor took over.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspections.permissions import get_visit_for_user
from tthc_inspect.forms import parse_id
from units.directory import official_add
from units.models import Agency, Official
from units.pickers import AGENCY_RELATED, PICKER_LIMIT, agency_label, official_label, official_picker


def picker_day(request) -> datetime.date | None:
    """The day the choice is for: ``?on=dd/mm/yyyy`` or the value of the form field named by ``date_field``."""
    text = request.GET.get("on") or request.GET.get(request.GET.get("date_field", ""), "")
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007  (a calendar day)
        except ValueError:
            continue
    return None


def agency_refusal(agency: Agency | None, day: datetime.date | None) -> str:
    """Why ``agency`` cannot be chosen for ``day`` (not yet founded, or ended: naming its successor), or ""."""
    if agency is None or day is None:
        return ""
    if agency.valid_from and agency.valid_from > day:
        return _("%(name)s chỉ hoạt động từ %(d)s.") % {
            "name": agency.name,
            "d": agency.valid_from.strftime("%d/%m/%Y"),
        }
    if agency.valid_to and agency.valid_to < day:
        return successor_note(Agency.objects.filter(pk=agency.pk), day)
    return ""


def successor_note(agencies, day: datetime.date) -> str:
    """ "Sở Kế hoạch và Đầu tư thôi hoạt động từ 01/07/2025; kế thừa: Sở Tài chính" for the first ended match."""
    ended = agencies.filter(valid_to__lt=day).prefetch_related("successors").order_by("-valid_to", "pk")[:1]
    for agency in ended:
        names = ", ".join(s.name for s in agency.successors.all()) or _("chưa ghi")
        return _("%(name)s đã thôi hoạt động từ %(d)s; cơ quan kế thừa: %(s)s.") % {
            "name": agency.name,
            "d": (agency.valid_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            "s": names,
        }
    return ""


@login_required
@require_GET
def agency_search(request):
    base = Agency.objects.restrict(request.user, "pick").search(request.GET.get("q", "").strip())
    parent = parse_id(request.GET.get("parent") or request.GET.get(request.GET.get("parent_field", ""), ""))
    if parent:
        base = base.filter(parent_id=parent)
    for kind in request.GET.getlist("exclude_kind"):
        base = base.exclude(kind=kind)
    day = picker_day(request)
    agencies = base.valid_on(day) if day else base
    rows = list(agencies.select_related(*AGENCY_RELATED).order_by("name", "pk")[:PICKER_LIMIT])
    options = [{"value": a.pk, "label": agency_label(a)} for a in rows]
    refused = successor_note(base, day) if day and request.GET.get("q") else ""
    return render(request, "units/picker_results.html", {"options": options, "refused": refused})


@login_required
@require_GET
def official_search(request):
    officials = Official.objects.restrict(request.user, "pick").select_related("agency")
    text = request.GET.get("q", "").strip()
    if text:
        officials = officials.filter(full_name__icontains=text) | officials.filter(
            agency__in=Agency.objects.search(text)
        )
    agency = parse_id(request.GET.get(request.GET.get("agency_field", ""), "") or request.GET.get("agency"))
    if agency:  # the visited agency's people, and those of its units and desks
        officials = officials.filter(Q(agency_id=agency) | Q(agency__parent_id=agency))
    rows = list(officials.order_by("full_name", "pk")[:PICKER_LIMIT])
    options = [{"value": o.pk, "label": official_label(o)} for o in rows]
    return render(request, "units/picker_results.html", {"options": options})


@login_required
@require_POST
def visit_person_add(request, pk: int):
    """ "Add a person" beside the people-met picker: a new official of the visited agency, returned as a chosen chip."""
    visit = get_visit_for_user(request.user, pk, write=True)
    name = request.POST.get("new_full_name", "").strip()
    if not name:
        return HttpResponse(status=422)
    official = official_add(
        agency=visit.agency, full_name=name, position=request.POST.get("new_position", "").strip(), user=request.user
    )
    return HttpResponse(mark_safe(official_picker(multiple=True).chip("people_met", official)))  # noqa: S308
