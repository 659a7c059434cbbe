"""The overview lists the visits under way with items assessed / applicable, as the workspace counts them."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from findings.selectors import visit_progress
from inspections.models import Visit
from reports.dashboards import selectors
from reports.dashboards.filters import Scope

pytestmark = pytest.mark.django_db


def test_a_visit_under_way_shows_its_progress_counted_like_the_workspace(client, demo):
    cache.clear()
    visit = demo.visit("Ngọc Hồi")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)  # reopened, results kept
    expected = visit_progress(visit=visit)
    assert 0 < expected.assessed <= expected.applicable

    rows, total = selectors.visits_in_progress(user=demo.users["office"], scope=Scope())
    assert total == 1 and [(r["pk"], r["assessed"], r["applicable"]) for r in rows] == [
        (visit.pk, expected.assessed, expected.applicable)
    ]
    client.force_login(demo.users["office"])
    html = client.get(reverse("dashboards:overview"), {"year": 2020}).content.decode()
    table = html.split('id="under-way"')[1].split("</table>")[0]
    assert "UBND huyện Ngọc Hồi" in table
    assert f"Đã đánh giá {expected.assessed}/{expected.applicable} tiêu chí ({expected.percent}\u00a0%)" in table or (
        f"Đã đánh giá {expected.assessed}/{expected.applicable} tiêu chí ({expected.percent} %)" in table
    )
    # A liaison reads no results before the visit is submitted: not even its progress.
    assert selectors.visits_in_progress(user=demo.users["liaison"], scope=Scope()) == ([], 0)
