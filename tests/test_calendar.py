"""The visits' month calendar (by plan and team) and the per-user secret iCalendar feed."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from inspections.models import Visit
from reports import calendar
from reports.models import CalendarFeed
from units.models import Agency

D = datetime.date
AUGUST = {"thang": "2020-08"}  # the Kon Tum schedule: 8 visits, 07/08 – 26/08/2020


def listed(response) -> list[str]:
    html = response.content.decode()
    block = html[html.index('id="calendar-list"') :]
    return re.findall(r'<a href="/kiem-tra/\d+/">([^<]+)</a>', block[: block.index("</ul>")])


def test_the_month_shows_each_visit_on_its_days(client, demo):
    client.force_login(demo.users["office"])
    response = client.get(reverse("reports:calendar"), AUGUST)
    assert len(listed(response)) == demo.plan.visits.count() == 8
    ngoc_hoi = demo.visit("Ngọc Hồi")
    days = {d.date: [v.agency.name for v in d.visits] for week in response.context["weeks"] for d in week}
    assert "UBND huyện Ngọc Hồi" in days[ngoc_hoi.planned_start]
    assert "UBND huyện Ngọc Hồi" not in days[ngoc_hoi.planned_start - datetime.timedelta(days=1)]
    assert response.context["weeks"][0][0].date.weekday() == 0  # weeks start on Monday
    assert response.context["previous"] == "2020-07" and response.context["next"] == "2020-09"
    empty = client.get(reverse("reports:calendar"), {"thang": "2021-08"})
    assert listed(empty) == [] and "Không có cuộc kiểm tra nào trong tháng." in empty.content.decode()


def test_by_plan_and_by_my_team_and_scoped_to_who_looks(client, demo, other_plan, personas):
    client.force_login(demo.users["office"])
    assert listed(client.get(reverse("reports:calendar"), {**AUGUST, "ke-hoach": other_plan.pk})) == []
    assert listed(client.get(reverse("reports:calendar"), {**AUGUST, "doan": "1"})) == []  # office is on no team
    client.force_login(demo.users["member"])
    assert len(listed(client.get(reverse("reports:calendar"), {**AUGUST, "doan": "1"}))) == 8
    client.force_login(demo.users["liaison"])
    assert listed(client.get(reverse("reports:calendar"), AUGUST)) == ["UBND huyện Ngọc Hồi"]
    client.force_login(personas["other_member"])
    assert listed(client.get(reverse("reports:calendar"), AUGUST)) == []


def test_the_feed_address_is_created_reset_and_serves_the_users_visits(client, demo):
    member = demo.users["member"]
    client.force_login(member)
    assert 'id="feed-url"' not in client.get(reverse("reports:calendar")).content.decode()
    client.post(reverse("reports:calendar_feed_reset"))
    token = CalendarFeed.objects.get(user=member).token
    page = client.get(reverse("reports:calendar")).content.decode()
    assert f"{reverse('reports:calendar_feed', args=[token])}" in page
    client.logout()  # calendar apps do not sign in
    response = client.get(reverse("reports:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    Calendar.from_ical(response.content)  # well formed, whatever the date of the run
    client.force_login(member)
    client.post(reverse("reports:calendar_feed_reset"))
    client.logout()
    assert client.get(reverse("reports:calendar_feed", args=[token])).status_code == 404  # the old address is dead
    assert client.get(reverse("reports:calendar_feed", args=["x" * 43])).status_code == 404


def test_the_feed_has_one_all_day_event_per_visible_visit(demo, settings):
    settings.SITE_URL = "https://kiemtra.kontum.gov.vn"
    feed = calendar.feed_reset(user=demo.users["liaison"])
    cal = Calendar.from_ical(calendar.feed_ics(token=feed.token, today=D(2020, 8, 1)))
    (event,) = cal.walk("VEVENT")
    visit = demo.visit("Ngọc Hồi")
    assert str(event["summary"]) == "Kiểm tra: UBND huyện Ngọc Hồi"
    assert event.decoded("dtstart") == visit.planned_start
    assert event.decoded("dtend") == visit.planned_end + datetime.timedelta(days=1)
    assert str(event["url"]) == f"https://kiemtra.kontum.gov.vn/kiem-tra/{visit.pk}/"
    assert str(event["uid"]) == f"visit-{visit.pk}@kiemtra.kontum.gov.vn"
    office = calendar.feed_reset(user=demo.users["office"])
    assert len(Calendar.from_ical(calendar.feed_ics(token=office.token, today=D(2020, 8, 1))).walk("VEVENT")) == 8
    # A year later than the last visit the feed no longer lists them.
    assert Calendar.from_ical(calendar.feed_ics(token=office.token, today=D(2022, 1, 1))).walk("VEVENT") == []
    demo.users["liaison"].is_active = False
    demo.users["liaison"].save(update_fields=["is_active"])
    assert calendar.feed_ics(token=feed.token, today=D(2020, 8, 1)) is None


def test_feed_and_month_cost_the_same_queries_with_more_visits(client, demo):
    feed = calendar.feed_reset(user=demo.users["office"])

    def cost():
        office = type(demo.users["office"]).objects.get(pk=demo.users["office"].pk)  # no roles cached yet
        with CaptureQueriesContext(connection) as feed_queries:
            calendar.feed_ics(token=feed.token, today=D(2020, 8, 1))
        with CaptureQueriesContext(connection) as month_queries:
            calendar.month_calendar(user=office, month=D(2020, 8, 1))["plans"].count()
        return len(feed_queries), len(month_queries)

    small = cost()
    template = demo.visit("Ngọc Hồi")
    for agency in Agency.objects.exclude(visits__plan=template.plan).values_list("pk", flat=True)[:5]:
        Visit.objects.create(
            plan=template.plan, agency_id=agency, planned_start=D(2020, 8, 27), planned_end=D(2020, 8, 28)
        )
    assert cost() == small
