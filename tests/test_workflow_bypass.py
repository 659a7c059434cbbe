"""Issue 13, "The workflow can be bypassed": a visit's state moves only through the workflow services.

Each test replays a reproduction: the team head sends the visit edit form back (the page's own
values, as a browser would) with one field changed; the visit's status and agency are re-read,
and what the others then can do is checked.
"""

import datetime

import pytest
from django.urls import reverse

from findings.models import Evidence, ItemResult
from findings.services import visit_start
from findings.tests.conftest import result_post
from inspections.models import Visit
from reports import services as report_services
from reports.models import Kind
from tests.html_forms import form_data
from units.models import Agency


def edit_form_sent_back(client, visit, **changes):
    """GET the visit's edit page, then POST its own form with ``changes`` put in (or added)."""
    url = reverse("inspections:visit_edit", args=[visit.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), containing="planned_start")
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, data)


@pytest.fixture
def head_client(client, demo):
    client.force_login(demo.users["head"])
    return client


def test_the_edit_form_cannot_reopen_a_closed_visit_whose_conclusion_is_issued(head_client, client, demo):
    visit = demo.visit("Ngọc Hồi")
    assert (visit.status, visit.conclusion_issued_on) == (Visit.Status.CLOSED, datetime.date(2020, 9, 15))
    edit_form_sent_back(head_client, visit, status="in_progress")
    visit.refresh_from_db()
    print("after the POST: status =", visit.status)
    assert visit.status == Visit.Status.CLOSED

    client.force_login(demo.users["member"])  # a member then tries to change a result after the conclusion
    row = ItemResult.objects.filter(visit=visit, result="pass").order_by("pk").first()
    response = client.post(
        reverse("findings:item_result_save", args=[row.pk]),
        result_post(row, result="fail", note="Sửa sau kết luận"),
        HTTP_HX_REQUEST="true",
    )
    row.refresh_from_db()
    print("member's save after the conclusion:", response.status_code, row.result)
    assert response.status_code == 403
    assert (row.result, row.note) == ("pass", "")


def test_the_edit_form_cannot_mark_a_visit_with_nothing_assessed_as_submitted(head_client, client, demo):
    visit = demo.visit("Ngọc Hồi")
    visit.actions.all().delete()
    visit.item_results.all().delete()
    visit.findings.all().delete()
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, conclusion_issued_on=None)
    visit = visit_start(visit=Visit.objects.get(pk=visit.pk), user=demo.users["member"])
    assert not visit.item_results.exclude(result="").exists()  # nothing assessed

    edit_form_sent_back(head_client, visit, status="submitted")
    visit.refresh_from_db()
    print("after the POST: status =", visit.status)
    assert visit.status == Visit.Status.IN_PROGRESS
    page = head_client.get(reverse("inspections:visit_detail", args=[visit.pk])).content.decode()
    assert "Đang kiểm tra" in page and "Đã nộp kết quả" not in page
    client.force_login(demo.users["liaison"])  # liaisons read results from submission on: not yet
    response = client.get(reverse("findings:workspace", args=[visit.pk]))
    assert "Kết quả kiểm tra sẽ hiển thị sau khi Đoàn kiểm tra nộp kết quả." in response.content.decode()


def test_the_edit_form_cannot_move_a_closed_visit_to_another_agency(
    head_client, client, demo, personas, django_capture_on_commit_callbacks
):
    visit = demo.visit("Ngọc Hồi")
    own_agency = visit.agency
    evidence = Evidence.objects.filter(visit=visit).order_by("pk").first()
    office = demo.users["office"]
    with django_capture_on_commit_callbacks(execute=True):
        job = report_services.document_request(plan=demo.plan, kind=Kind.MINUTES, visit=visit, user=office)
    with django_capture_on_commit_callbacks(execute=True):
        job = report_services.document_finalize(
            document=job.version.document,
            user=office,
            number=7,
            issued_on=datetime.date(2020, 8, 18),
            signer_name="Nguyễn Văn A",
            signer_position="Trưởng đoàn",
        )
    job.version.refresh_from_db()
    assert job.version.file  # the Biên bản PDF exists

    other = Agency.objects.get(name="UBND huyện Đắk Glei")  # personas["other_liaison"]'s agency
    edit_form_sent_back(head_client, visit, agency=str(other.pk))
    visit.refresh_from_db()
    print("after the POST: agency =", visit.agency.name)
    assert visit.agency == own_agency

    client.force_login(personas["other_liaison"])
    reads = {
        "results": client.get(reverse("findings:workspace", args=[visit.pk])).status_code,
        "visit page": client.get(reverse("inspections:visit_detail", args=[visit.pk])).status_code,
        "evidence original": client.get(reverse("findings:evidence_file", args=[evidence.pk, "goc"])).status_code,
        "Biên bản PDF": client.get(reverse("reports:version_download", args=[job.version.pk])).status_code,
    }
    print("the other agency's liaison reads:", reads)
    assert set(reads.values()) == {404}


def test_the_agency_of_a_scheduled_visit_can_still_be_corrected(client, demo):
    """Before the visit starts the schedule is still being made: the office may correct the agency."""
    client.force_login(demo.users["office"])
    visit = demo.visit("Sở Nội vụ")
    visit.item_results.all().delete()
    visit.actions.all().delete()
    visit.findings.all().delete()
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, conclusion_issued_on=None)
    visit.refresh_from_db()
    stp = Agency.objects.get(name="Sở Tư pháp")
    response = edit_form_sent_back(client, visit, agency=str(stp.pk))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.agency, visit.status) == (stp, Visit.Status.SCHEDULED)


def test_the_admin_cannot_move_a_started_visit_to_another_agency_or_plan(client, demo, personas, other_plan):
    client.force_login(demo.users["office"])
    visit = demo.visit("Ngọc Hồi")
    url = reverse("admin:inspections_visit_change", args=[visit.pk])
    data = form_data(client.get(url).content.decode(), form_id="visit_form")
    assert "agency" not in data and "plan" not in data  # shown read-only once started
    other = Agency.objects.get(name="UBND huyện Đắk Glei")
    data.update({"agency": [str(other.pk)], "plan": [str(other_plan.pk)], "status": ["in_progress"]})
    assert client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert (visit.agency.name, visit.plan_id, visit.status) == ("UBND huyện Ngọc Hồi", demo.plan.pk, "closed")


def test_a_visit_started_after_its_form_was_checked_keeps_its_agency(demo):
    """The service re-checks under a lock: the form saw a scheduled visit, the team started it meanwhile."""
    from django.core.exceptions import ValidationError

    from inspections import services
    from inspections.forms import VisitForm
    from tests.html_forms import as_querydict

    visit = demo.visit("Sở Nội vụ")
    visit.item_results.all().delete()
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED)
    form = VisitForm(instance=Visit.objects.get(pk=visit.pk))
    data = form_data(f'<form method="post">{form.as_div()}</form>')
    data["agency"] = [str(Agency.objects.get(name="Sở Tư pháp").pk)]
    form = VisitForm(as_querydict(data), instance=Visit.objects.get(pk=visit.pk))
    assert form.is_valid(), form.errors
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)  # visit_start, meanwhile
    with pytest.raises(ValidationError, match="không đổi được cơ quan được kiểm tra"):
        services.visit_save(form=form)
    assert Visit.objects.get(pk=visit.pk).agency.name == "Sở Nội vụ"
