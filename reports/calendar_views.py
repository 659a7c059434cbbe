from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.calendar import feed_for, feed_ics, feed_reset, month_calendar, month_of
from tthc_inspect.forms import parse_id


@login_required
def visit_calendar(request):
    """The month's visits as a calendar, by plan (``ke-hoach``) or the user's own teams (``doan=1``)."""
    month = month_of(request.GET.get("thang"), timezone.localdate())
    plan_id = parse_id(request.GET.get("ke-hoach"))
    mine = request.GET.get("doan") == "1"
    context = month_calendar(user=request.user, month=month, plan_id=plan_id, mine=mine)
    feed = feed_for(request.user)
    feed_url = request.build_absolute_uri(reverse("reports:calendar_feed", args=[feed.token])) if feed else ""
    context.update({"plan_id": plan_id, "mine": mine, "feed_url": feed_url})
    return render(request, "reports/calendar.html", context)


@login_required
@require_POST
def calendar_feed_reset(request):
    feed_reset(user=request.user)
    messages.success(request, _("Đã tạo địa chỉ lịch riêng mới; địa chỉ cũ (nếu có) không còn dùng được."))
    return redirect("reports:calendar")


def calendar_feed(request, token: str):
    """No sign-in (calendar apps cannot): the secret address is the key, a wrong one is a 404."""
    body = feed_ics(token=token, today=timezone.localdate())
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
