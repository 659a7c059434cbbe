"""Remediation figures on the demo, against numbers counted by hand (issue 18).

The demo's conclusions were issued on 15/09/2020, every action with the deadline 15/10/2020. Of its
13 actions 6 are verified, 2 reported, 1 returned and 4 still open (``demo.kontum_findings``): the 7
not closed are all more than a year old on 02/12/2026, and the 5 the agency must still act on
(open or returned) are overdue.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.dashboards import selectors
from reports.dashboards.filters import Scope
from reports.dashboards.views import CHARTS

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


def test_the_demo_actions_age_from_their_2020_conclusion_not_from_their_rows(demo):
    data = selectors.remediation_summary(user=demo.users["office"], scope=Scope(), today=TODAY)
    assert {a["age"]: a["n"] for a in data["ages"]} == {"0-30": 0, "31-90": 0, "91-180": 0, "181-365": 0, "365+": 7}
    # Thirty days after the conclusion, every action not closed was 30 days old.
    early = selectors.remediation_summary(user=demo.users["office"], scope=Scope(), today=datetime.date(2020, 10, 15))
    assert {a["age"]: a["n"] for a in early["ages"]}["0-30"] == 7


def test_overdue_is_its_own_figure_and_the_status_bars_sum_to_the_actions(demo):
    data = selectors.remediation_summary(user=demo.users["office"], scope=Scope(), today=TODAY)
    states = {s["state"]: s["n"] for s in data["states"]}
    assert states == {"open": 4, "returned": 1, "reported": 2, "verified": 6}
    assert sum(states.values()) == data["counts"]["total"] == 13
    assert data["overdue"]["n"] == 5


def test_the_remediation_chart_draws_the_statuses_only(demo):
    svg = CHARTS["khac-phuc"](demo.users["office"], Scope(), TODAY)
    assert "Quá hạn" not in svg and "Đã xác minh, đóng" in svg


def test_the_action_list_dates_an_action_by_its_conclusion(client, demo):
    client.force_login(demo.users["office"])
    response = client.get(reverse("dashboards:actions"), {"year": ""})
    text = response.content.decode()
    assert "15/09/2020" in text
    assert timezone.localdate().strftime("%d/%m/%Y") not in text.split('id="action-list"')[1]
