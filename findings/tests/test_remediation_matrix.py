"""Role matrix for every remediation step, re-inspection links, and query counts of the lists."""

import datetime

import pytest
from django.urls import reverse

from findings.models import DeadlineExtension, Finding, RemediationAction
from findings.tests.conftest import image_upload
from inspections.models import Plan, Visit

PERSONAS = ["anonymous", "other_liaison", "liaison", "other_member", "member", "head", "office", "leader"]
Status = RemediationAction.Status

MATRIX = {
    #                   anon o_lia liais o_mem member head office leader
    "list": [302, 200, 200, 200, 200, 200, 200, 200],
    "detail": [302, 404, 200, 404, 200, 200, 200, 200],
    "agency_page": [302, 404, 200, 404, 200, 200, 200, 200],
    "report": [302, 404, 302, 404, 403, 403, 403, 403],
    "request_extension": [302, 404, 302, 404, 403, 403, 403, 403],
    "grant_extension": [302, 404, 403, 404, 403, 403, 302, 403],
    "verify": [302, 404, 404, 404, 403, 302, 302, 403],
    "return": [302, 404, 404, 404, 403, 302, 302, 403],
    "edit": [302, 404, 403, 404, 403, 403, 302, 403],
    "issue_conclusion_page": [302, 404, 403, 404, 403, 403, 200, 403],
}


def _do(client, step, demo):
    own = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status=Status.OPEN)
    reported = RemediationAction.objects.get(agency__name="UBND huyện Sa Thầy", status=Status.REPORTED)
    if step == "list":
        return client.get(reverse("findings:action_list"))
    if step == "detail":
        return client.get(reverse("findings:action_detail", args=[own.pk]))
    if step == "agency_page":
        return client.get(reverse("findings:agency_actions", args=[own.agency_id]))
    if step == "report":
        return client.post(
            reverse("findings:action_report", args=[own.pk]),
            {"text": "Đã làm", "caption": "Ảnh", "revision": own.revision, "file": image_upload()},
        )
    if step == "request_extension":
        return client.post(
            reverse("findings:extension_request", args=[own.pk]),
            {"new_deadline": "30/11/2020", "reason": "Chờ kinh phí"},
        )
    if step == "grant_extension":
        extension = DeadlineExtension.objects.create(
            action=own, requested_deadline=datetime.date(2020, 11, 30), reason="x"
        )
        return client.post(reverse("findings:extension_grant", args=[extension.pk]))
    if step == "verify":
        return client.post(reverse("findings:action_verify", args=[reported.pk]), {"comment": "Đạt"})
    if step == "return":
        return client.post(reverse("findings:action_return", args=[reported.pk]), {"comment": "Chưa đạt"})
    if step == "edit":
        return client.post(
            reverse("findings:action_edit", args=[own.pk]),
            {"description": "Sửa", "measure": "Sửa", "deadline": "30/10/2020", "revision": own.revision},
        )
    if step == "issue_conclusion_page":
        return client.get(reverse("findings:conclusion_issue", args=[own.visit_id]))
    raise AssertionError(step)


def _state():
    return list(RemediationAction.objects.order_by("pk").values_list("status", "deadline", "description")), list(
        DeadlineExtension.objects.values_list("status", flat=True)
    )


@pytest.mark.parametrize("step", list(MATRIX))
@pytest.mark.parametrize("who", PERSONAS)
def test_remediation_role_matrix(client, demo, personas, who, step):
    if personas[who] is not None:
        client.force_login(personas[who])
    before = _state()
    response = _do(client, step, demo)
    expected = MATRIX[step][PERSONAS.index(who)]
    assert response.status_code == expected, (who, step, response.status_code)
    if expected in (403, 404) or who == "anonymous":
        after = _state()
        if step == "grant_extension":  # the test itself created one pending request
            after = (after[0], [s for s in after[1] if s != "pending"])
            before = (before[0], before[1])
        assert after == before


def test_liaison_list_shows_only_its_agency_with_counts(client, demo):
    client.force_login(demo.users["liaison"])
    page = client.get(reverse("findings:action_list")).content.decode()
    assert "UBND huyện Ngọc Hồi" in page and "UBND huyện Sa Thầy" not in page
    assert "Tổng: <strong>2</strong>" in page and "Quá hạn: <strong>1</strong>" in page


def test_office_filters_by_status_overdue_and_agency(client, demo):
    client.force_login(demo.users["office"])
    url = reverse("findings:action_list")
    assert "Tổng: <strong>13</strong>" in client.get(url).content.decode()
    assert "Tổng: <strong>6</strong>" in client.get(url, {"status": "verified"}).content.decode()
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert "Tổng: <strong>5</strong>" in overdue  # 4 open + 1 returned past 15/10/2020; reported ones wait for the team
    agency = RemediationAction.objects.filter(agency__name="UBND huyện Đắk Hà").first().agency_id
    assert "Tổng: <strong>2</strong>" in client.get(url, {"agency": agency}).content.decode()


def test_agency_page_splits_open_overdue_and_closed(client, demo):
    client.force_login(demo.users["office"])
    agency = RemediationAction.objects.filter(agency__name="UBND huyện Ngọc Hồi").first().agency_id
    page = client.get(reverse("findings:agency_actions", args=[agency])).content.decode()
    overdue = page.split('id="overdue"')[1].split("</table>")[0]
    closed = page.split('id="closed"')[1].split("</table>")[0]
    assert "phiếu đánh giá" in overdue and "phản ánh" in closed


def test_action_list_query_count_does_not_grow(client, demo, django_assert_max_num_queries):
    client.force_login(demo.users["office"])
    url = reverse("findings:action_list")
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    visit = demo.visit("Sở Nội vụ")
    RemediationAction.objects.bulk_create(
        [
            RemediationAction(
                visit=visit,
                agency=visit.agency,
                description=f"Hạn chế {i}",
                measure="Khắc phục",
                deadline=datetime.date(2020, 10, 15),
            )
            for i in range(60)
        ]
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_reinspection_shows_earlier_limitations_and_links_a_new_finding(client, demo):
    plan = Plan.objects.create(
        number="15/KH-UBND",
        issued_on=datetime.date(2021, 3, 1),
        issuer=demo.plan.issuer,
        year=2021,
        title="Kiểm tra năm 2021",
        period_start=datetime.date(2021, 6, 1),
        period_end=datetime.date(2021, 6, 30),
        status=Plan.Status.IN_PROGRESS,
        checklist=demo.plan.checklist,
    )
    decision = demo.plan.decisions.get()
    decision.pk = None
    decision.plan = plan
    decision.number = "88/QĐ-UBND"
    decision.issued_on = datetime.date(2021, 3, 5)
    decision.save()
    member = demo.users["member"]
    from inspections.models import TeamMember

    TeamMember.objects.create(
        decision=decision, official=member.official, role="head", home_agency=member.official.agency
    )
    ngoc_hoi = demo.visit("Ngọc Hồi").agency
    visit = Visit.objects.create(
        plan=plan, agency=ngoc_hoi, planned_start=datetime.date(2021, 6, 2), planned_end=datetime.date(2021, 6, 2)
    )
    from findings import services

    services.visit_start(visit=visit, user=member)
    client.force_login(member)
    page = client.get(reverse("findings:workspace", args=[visit.pk])).content.decode()
    assert "Hạn chế ở các lần kiểm tra trước" in page
    assert "1978/KH-UBND (2020)" in page and "chưa xác minh" in page and "Đã xác minh, đóng" in page
    earlier = Finding.objects.get(visit__plan=demo.plan, visit__agency=ngoc_hoi, item__code="4.10")
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]),
        {
            "kind": "limitation",
            "description": "Vẫn chưa triển khai phiếu đánh giá",
            "severity": "high",
            "earlier_finding": earlier.pk,
            "revision": 0,
        },
    )
    assert "Đã ghi phát hiện" in response.content.decode(), response.content.decode()[-3000:]
    assert Finding.objects.get(visit=visit).earlier_finding == earlier
    assert Visit.objects.filter(pk=visit.pk, status="in_progress").exists()


def test_office_finds_an_agency_by_name_without_accents(client, demo):
    client.force_login(demo.users["office"])
    page = client.get(reverse("findings:action_list"), {"q": "dak ha"}).content.decode()
    assert "Tổng: <strong>2</strong>" in page and "UBND huyện Đắk Hà" in page and "UBND huyện Sa Thầy" not in page
