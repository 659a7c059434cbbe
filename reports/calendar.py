"""The visits' month calendar (by plan, or the user's own teams) and the per-user iCalendar feed.

Both read ``Visit.objects.visible_to(user)``: the feed shows exactly the visits its owner sees on the
pages, in a fixed number of queries.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from inspections.access import team_plan_ids
from inspections.models import Plan, Visit
from reports.models import CalendarFeed, feed_token

WEEKDAYS = (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật"))
FEED_PAST_DAYS = 366  # the feed keeps a year of past visits; the future ones all


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    visits: list


def month_of(text: str | None, today: datetime.date) -> datetime.date:
    """``"2020-08"`` → 1 August 2020; anything else → the current month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def calendar_visits(*, user, first: datetime.date, last: datetime.date, plan_id=None, mine=False):
    visits = Visit.objects.visible_to(user).filter(planned_start__lte=last, planned_end__gte=first)
    if plan_id:
        visits = visits.filter(plan_id=plan_id)
    if mine:
        visits = visits.filter(plan_id__in=team_plan_ids(user))
    return list(visits.select_related("agency", "plan").order_by("planned_start", "agency__name", "pk"))


def month_calendar(*, user, month: datetime.date, plan_id=None, mine=False) -> dict:
    """Weeks (Monday first) of days, each with the visits under way that day; the month's visits as a list."""
    weeks_of_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    visits = calendar_visits(user=user, first=first, last=last, plan_id=plan_id, mine=mine)
    weeks = [
        [
            Day(day, day.month == month.month, [v for v in visits if v.planned_start <= day <= v.planned_end])
            for day in week
        ]
        for week in weeks_of_dates
    ]
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return {
        "month": month,
        "weeks": weeks,
        "visits": [v for v in visits if v.planned_start <= month_end and v.planned_end >= month],
        "previous": (month - datetime.timedelta(days=1)).strftime("%Y-%m"),
        "next": (month_end + datetime.timedelta(days=1)).strftime("%Y-%m"),
        "weekdays": WEEKDAYS,
        "plans": Plan.objects.visible_to(user).order_by("-year", "number").only("pk", "number", "title"),
    }


def feed_for(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def feed_reset(*, user) -> CalendarFeed:
    """Create the user's feed address, or replace it (the old address stops working at once)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


def feed_ics(*, token: str, today: datetime.date) -> bytes | None:
    """The iCalendar text of the feed with this token, or None if there is no such active feed."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        return None
    since = today - datetime.timedelta(days=FEED_PAST_DAYS)
    visits = (
        Visit.objects.visible_to(feed.user)
        .filter(planned_end__gte=since)
        .select_related("agency", "plan")
        .order_by("planned_start", "pk")
    )
    cal = Calendar()
    cal.add("prodid", "-//Kiem tra KSTTHC//vi")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Lịch kiểm tra KSTTHC")
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    stamp = timezone.now()
    for visit in visits:
        cal.add_component(_event(visit, host, stamp))
    return cal.to_ical()


def _event(visit: Visit, host: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"visit-{visit.pk}@{host}")
    event.add("summary", f"Kiểm tra: {visit.agency.name}")
    event.add("dtstart", visit.planned_start)
    event.add("dtend", visit.planned_end + datetime.timedelta(days=1))  # all-day events end the day after
    event.add("description", f"{visit.plan.number} — {visit.plan.title}\n{visit.get_status_display()}")
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("inspections:visit_detail", args=[visit.pk]))
    event.add("dtstamp", stamp)
    return event
