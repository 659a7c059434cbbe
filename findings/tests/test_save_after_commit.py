"""A committed save is answered as saved, and sending it again is not a conflict (issue 13).

Under runserver with the database connection dropping, 7 of 71 item saves that answered 500 had in
fact been stored: the read of the progress bar after the commit failed. Sending the save again
then showed a conflict naming the user themself. Here the connection is "dropped" right after the
service returns (every later query raises OperationalError, as psycopg2's does), and the same POST
is sent again with the revision the browser still holds.
"""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from findings import services
from findings.models import Finding, ItemResult, VisitMinutes
from findings.tests.conftest import image_upload, result_post
from findings.tests.test_findings_workflow import finding_data

SAVED = "Đã lưu."
ITEM_CONFLICT = "đã lưu tiêu chí này lúc"


@contextlib.contextmanager
def connection_lost_after(monkeypatch, service: str):
    """Every query after ``findings.services.<service>`` has returned fails, until the block ends."""
    original = getattr(services, service)

    def lost(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    def committed_then_lost(*args, **kwargs):
        result = original(*args, **kwargs)
        connection.execute_wrappers.append(lost)
        return result

    monkeypatch.setattr(services, service, committed_then_lost)
    try:
        yield
    finally:
        if lost in connection.execute_wrappers:
            connection.execute_wrappers.remove(lost)
        monkeypatch.setattr(services, service, original)


@pytest.fixture
def member(client, demo, open_visit):
    """The team member, signed in, after one page (the session's renewal write is behind them)."""
    client.force_login(demo.users["member"])
    assert client.get(reverse("findings:workspace", args=[open_visit.pk])).status_code == 200
    return client


def first_row(visit) -> ItemResult:
    return visit.item_results.order_by("pk").first()


def save_item(client, row, **values):
    url = reverse("findings:item_result_save", args=[row.pk])
    return client.post(url, result_post(row, **values), HTTP_HX_REQUEST="true")


def test_an_item_save_answers_saved_when_the_connection_drops_right_after_the_commit(member, open_visit, monkeypatch):
    row = first_row(open_visit)
    with connection_lost_after(monkeypatch, "item_result_save"):
        response = save_item(member, row, result="fail", note="Chưa niêm yết")
    html = response.content.decode()
    assert response.status_code == 200 and SAVED in html and ITEM_CONFLICT not in html
    assert 'id="progress"' not in html  # the bar is left out, not the confirmation
    saved = ItemResult.objects.get(pk=row.pk)
    assert (saved.result, saved.note, saved.revision) == ("fail", "Chưa niêm yết", row.revision + 1)


def test_the_same_item_save_sent_again_is_success_not_a_conflict(member, open_visit):
    row = first_row(open_visit)  # the browser keeps this revision when the first answer is lost
    assert SAVED in save_item(member, row, result="partial", note="Niêm yết  thiếu").content.decode()
    records = row.history.count()
    again = save_item(member, row, result="partial", note="Niêm yết  thiếu").content.decode()
    assert SAVED in again and ITEM_CONFLICT not in again
    saved = ItemResult.objects.get(pk=row.pk)
    assert (saved.result, saved.revision) == ("partial", row.revision + 1)
    assert row.history.count() == records  # done once, recorded once


def test_a_stale_item_save_that_differs_or_comes_from_another_user_is_still_a_conflict(
    client, member, open_visit, demo
):
    row = first_row(open_visit)
    save_item(member, row, result="pass", note="")
    changed = save_item(member, row, result="fail", note="").content.decode()
    assert ITEM_CONFLICT in changed
    client.force_login(demo.users["head"])
    same_from_head = save_item(client, row, result="pass", note="").content.decode()
    assert ITEM_CONFLICT in same_from_head and "Lê Văn C" in same_from_head
    assert ItemResult.objects.get(pk=row.pk).revision == row.revision + 1


@pytest.fixture
def finding(member, open_visit, demo) -> Finding:
    evidence = services.evidence_upload(
        visit=open_visit, user=demo.users["member"], upload=image_upload(), caption="Bảng niêm yết"
    )
    member.post(reverse("findings:finding_create", args=[open_visit.pk]), finding_data())
    found = Finding.objects.get(visit=open_visit)
    found.evidence_for_test = evidence
    return found


def edit_finding(client, finding, revision: int):
    data = finding_data(description="Nội quy chưa niêm yết", severity="high", revision=str(revision))
    data["evidence"] = [finding.evidence_for_test.pk]
    return client.post(reverse("findings:finding_detail", args=[finding.pk]), data)


def test_the_same_finding_edit_sent_again_is_success_not_a_conflict(member, finding):
    assert edit_finding(member, finding, finding.revision).status_code == 302
    records = finding.history.count()
    again = edit_finding(member, finding, finding.revision)
    assert again.status_code == 302, "a conflict page instead of the saved finding"
    assert "Đã lưu phát hiện." in member.get(again["Location"]).content.decode()
    saved = Finding.objects.get(pk=finding.pk)
    assert (saved.description, saved.revision, finding.history.count()) == (
        "Nội quy chưa niêm yết",
        finding.revision + 1,
        records,
    )
    assert list(saved.evidence.values_list("pk", flat=True)) == [finding.evidence_for_test.pk]


def test_a_finding_edit_answers_saved_when_the_connection_drops_right_after_the_commit(member, finding, monkeypatch):
    with connection_lost_after(monkeypatch, "finding_update"):
        response = edit_finding(member, finding, finding.revision)
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).description == "Nội quy chưa niêm yết"


MINUTES = {
    "started_at": "26/08/2020 08:00",
    "ended_at": "26/08/2020 11:30",
    "place": "Hội trường UBND huyện Ngọc Hồi",
    "chair": "Nguyễn Văn A",
    "secretary": "Trần Thị B",
    "summary": "Kiểm tra việc niêm yết\r\nvà tiếp nhận hồ sơ",
}


def test_the_same_minutes_sent_again_are_success_not_a_conflict(member, open_visit):
    url = reverse("findings:minutes", args=[open_visit.pk])
    first = member.post(url, {**MINUTES, "revision": 0})
    assert first.status_code == 302
    minutes = VisitMinutes.objects.get(visit=open_visit)
    records = minutes.history.count()
    again = member.post(url, {**MINUTES, "revision": 0})
    assert again.status_code == 302, "a conflict page instead of the saved minutes"
    minutes.refresh_from_db()
    assert (minutes.place, minutes.revision, minutes.history.count()) == (MINUTES["place"], 1, records)
    other = member.post(url, {**MINUTES, "place": "Phòng họp khác", "revision": 0})
    assert "Biên bản vừa được người khác lưu" in other.content.decode()


def test_minutes_answer_saved_when_the_connection_drops_right_after_the_commit(member, open_visit, monkeypatch):
    with connection_lost_after(monkeypatch, "minutes_save"):
        response = member.post(reverse("findings:minutes", args=[open_visit.pk]), {**MINUTES, "revision": 0})
    assert response.status_code == 302
    assert VisitMinutes.objects.get(visit=open_visit).chair == "Nguyễn Văn A"
