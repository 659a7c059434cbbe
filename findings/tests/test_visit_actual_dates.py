"""The visit page's "Thời gian thực tế" comes from the minutes when the dates were not typed again."""

import datetime

import pytest
from django.urls import reverse

from findings.models import VisitMinutes


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def test_actual_dates_show_from_the_minutes_without_retyping(office_client, demo):
    visit = demo.visit("Ngọc Hồi")
    type(visit).objects.filter(pk=visit.pk).update(actual_start=None, actual_end=None)
    VisitMinutes.objects.update_or_create(
        visit=visit,
        defaults={
            "started_at": datetime.datetime(2020, 8, 18, 8, 0, tzinfo=datetime.UTC),
            "ended_at": datetime.datetime(2020, 8, 18, 10, 0, tzinfo=datetime.UTC),
        },
    )
    page = office_client.get(reverse("inspections:visit_detail", args=[visit.pk])).content.decode()
    assert "18/08/2020 – 18/08/2020" in page
