"""Findings, explanations and the visit workflow (start → submit → return/close)."""

import pytest
from django.urls import reverse

from conftest import status_set
from findings.models import Explanation, Finding, ItemResult
from inspections.models import Visit


def finding_data(**overrides):
    data = {
        "kind": "limitation",
        "description": "Chưa niêm yết Nội quy của Bộ phận Một cửa",
        "cause": "Bộ phận mới tổ chức lại",
        "recommendation": "Niêm yết ngay",
        "severity": "medium",
        "revision": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member_client(client, demo):
    client.force_login(demo.users["member"])
    return client


def test_member_records_a_limitation_on_an_item(member_client, open_visit):
    row = open_visit.item_results.get(item__code="3.4")
    response = member_client.post(
        reverse("findings:finding_create", args=[open_visit.pk]), finding_data(item=row.item_id), HTTP_HX_REQUEST="true"
    )
    assert "Đã ghi phát hiện" in response.content.decode()
    finding = Finding.objects.get(visit=open_visit)
    assert (finding.item, finding.severity, finding.created_by.username) == (row.item, "medium", "member")
    assert finding.history.get().history_type == "+"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": ""}, "Trường này là bắt buộc"),
        ({"severity": ""}, "Hãy chọn mức độ của hạn chế"),
        ({"kind": ""}, "Trường này là bắt buộc"),
    ],
)
def test_bad_finding_is_refused_with_the_text_kept(member_client, open_visit, overrides, message):
    data = finding_data(**overrides)
    response = member_client.post(
        reverse("findings:finding_create", args=[open_visit.pk]), data, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert message in page and "Chưa lưu" in page
    assert data["cause"] in page  # what was typed comes back
    assert not Finding.objects.filter(visit=open_visit).exists()


def test_strength_has_no_severity(member_client, open_visit):
    member_client.post(
        reverse("findings:finding_create", args=[open_visit.pk]),
        finding_data(kind="strength", severity="high", description="Niêm yết đầy đủ"),
    )
    assert Finding.objects.get(visit=open_visit).severity == ""


def test_finding_on_a_visit_the_user_is_not_on_is_refused(client, open_visit, personas):
    client.force_login(personas["other_member"])
    response = client.post(reverse("findings:finding_create", args=[open_visit.pk]), finding_data())
    assert response.status_code == 404
    assert not Finding.objects.filter(visit=open_visit).exists()


def test_edit_conflict_is_detected_and_history_shows_before_and_after(client, open_visit, demo):
    client.force_login(demo.users["member"])
    client.post(reverse("findings:finding_create", args=[open_visit.pk]), finding_data())
    finding = Finding.objects.get(visit=open_visit)
    url = reverse("findings:finding_detail", args=[finding.pk])
    client.post(url, finding_data(severity="high", revision=str(finding.revision)))
    client.force_login(demo.users["head"])
    response = client.post(url, finding_data(description="Bản của trưởng đoàn", revision="0"))
    page = response.content.decode()
    assert "vừa được Lê Văn C sửa" in page and "Bản của trưởng đoàn" in page
    finding.refresh_from_db()
    assert finding.severity == "high" and finding.description.startswith("Chưa niêm yết")
    client.force_login(demo.users["member"])
    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "<del>Trung bình</del> → <ins>Nghiêm trọng</ins>" in page


def test_workflow_submit_return_close_and_read_only_after_close(client, open_visit, demo):
    ItemResult.objects.filter(visit=open_visit).update(result="pass")
    client.force_login(demo.users["member"])
    assert client.post(reverse("findings:visit_close", args=[open_visit.pk])).status_code == 403
    client.post(reverse("findings:visit_submit", args=[open_visit.pk]))
    open_visit.refresh_from_db()
    assert open_visit.status == Visit.Status.SUBMITTED
    row = open_visit.item_results.first()
    save = reverse("findings:item_result_save", args=[row.pk])
    assert client.post(save, {f"r{row.pk}-result": "fail", f"r{row.pk}-revision": row.revision}).status_code == 403
    client.force_login(demo.users["head"])
    response = client.post(reverse("findings:visit_return", args=[open_visit.pk]), {"comment": ""}, follow=True)
    assert "Hãy ghi ý kiến khi trả lại" in response.content.decode()
    client.post(reverse("findings:visit_return", args=[open_visit.pk]), {"comment": "Bổ sung ảnh niêm yết"})
    open_visit.refresh_from_db()
    assert (open_visit.status, open_visit.review_comment) == ("in_progress", "Bổ sung ảnh niêm yết")
    client.force_login(demo.users["member"])
    assert "Bổ sung ảnh niêm yết" in client.get(reverse("findings:workspace", args=[open_visit.pk])).content.decode()
    client.post(reverse("findings:visit_submit", args=[open_visit.pk]))
    client.force_login(demo.users["head"])
    client.post(reverse("findings:visit_close", args=[open_visit.pk]))
    open_visit.refresh_from_db()
    assert open_visit.status == Visit.Status.CLOSED
    for who in ["member", "head"]:
        client.force_login(demo.users[who])
        assert client.post(save, {f"r{row.pk}-result": "fail", f"r{row.pk}-revision": row.revision}).status_code == 403
        assert client.post(reverse("findings:finding_create", args=[open_visit.pk]), finding_data()).status_code == 403
    row.refresh_from_db()
    assert row.result == "pass"


def test_submit_needs_every_item_assessed(client, open_visit, demo):
    client.force_login(demo.users["member"])
    response = client.post(reverse("findings:visit_submit", args=[open_visit.pk]), follow=True)
    assert "tiêu chí chưa có kết quả" in response.content.decode()
    open_visit.refresh_from_db()
    assert open_visit.status == Visit.Status.IN_PROGRESS


def test_liaison_sees_results_only_after_submission_and_explains_apart(client, open_visit, demo):
    client.force_login(demo.users["member"])
    client.post(reverse("findings:finding_create", args=[open_visit.pk]), finding_data())
    finding = Finding.objects.get(visit=open_visit)
    client.force_login(demo.users["liaison"])
    page = client.get(reverse("findings:workspace", args=[open_visit.pk])).content.decode()
    assert "sẽ hiển thị sau khi Đoàn kiểm tra nộp kết quả" in page and "Chưa niêm yết" not in page
    assert client.get(reverse("findings:finding_detail", args=[finding.pk])).status_code == 404
    ItemResult.objects.filter(visit=open_visit).update(result="pass")
    status_set(open_visit, Visit.Status.CLOSED)
    assert "Chưa niêm yết" in client.get(reverse("findings:workspace", args=[open_visit.pk])).content.decode()
    response = client.post(reverse("findings:explanation_add", args=[finding.pk]), {"text": ""})
    assert "Trường này là bắt buộc" in response.content.decode() and not Explanation.objects.exists()
    client.post(reverse("findings:explanation_add", args=[finding.pk]), {"text": "Đã niêm yết ngày 28/8/2020."})
    explanation = Explanation.objects.get()
    assert explanation.author == demo.users["liaison"]
    finding.refresh_from_db()
    assert "28/8/2020" not in finding.description  # kept apart from the inspectors' text
    assert (
        "Đã niêm yết ngày 28/8/2020."
        in client.get(reverse("findings:finding_detail", args=[finding.pk])).content.decode()
    )
