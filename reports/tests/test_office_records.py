"""The provincial office records, submits, returns and closes a visit without being on its team."""

from django.urls import reverse

from findings.models import ItemResult
from findings.tests import conftest as findings_fixtures
from findings.tests.conftest import result_post
from inspections.models import TeamMember, Visit
from reports.documents.common import team_members, team_rows

open_visit = findings_fixtures.open_visit  # the fixture of findings/tests


def test_office_not_on_the_team_records_returns_and_closes(client, open_visit, demo):
    office = demo.users["office"]
    assert not TeamMember.objects.filter(decision__plan=open_visit.plan, official__user=office).exists()
    client.force_login(office)
    page = client.get(reverse("findings:workspace", args=[open_visit.pk])).content.decode()
    assert "submit-box" in page and "Nộp kết quả" in page  # recording controls are offered
    for row in open_visit.item_results.order_by("pk"):
        response = client.post(reverse("findings:item_result_save", args=[row.pk]), result_post(row))
        assert response.status_code == 200
    assert set(ItemResult.objects.filter(visit=open_visit).values_list("result", "updated_by")) == {("pass", office.pk)}
    client.post(reverse("findings:visit_submit", args=[open_visit.pk]))
    open_visit.refresh_from_db()
    assert open_visit.status == Visit.Status.SUBMITTED
    client.post(reverse("findings:visit_return", args=[open_visit.pk]), {"comment": "Bổ sung minh chứng"})
    open_visit.refresh_from_db()
    assert (open_visit.status, open_visit.review_comment) == (Visit.Status.IN_PROGRESS, "Bổ sung minh chứng")
    client.post(reverse("findings:visit_submit", args=[open_visit.pk]))
    client.post(reverse("findings:visit_close", args=[open_visit.pk]))
    open_visit.refresh_from_db()
    assert open_visit.status == Visit.Status.CLOSED
    # The office acted as itself: the team printed in the documents is still the decision's roster.
    printed = [row["name"] for row in team_rows(team_members(open_visit.plan))]
    assert office.get_full_name() not in printed and len(printed) == open_visit.plan.decisions.get().members.count()


def test_leadership_still_cannot_record(client, open_visit, demo):
    client.force_login(demo.users["leader"])
    row = open_visit.item_results.order_by("pk").first()
    assert client.post(reverse("findings:item_result_save", args=[row.pk]), result_post(row)).status_code == 403
    row.refresh_from_db()
    assert row.result == ""
