"""Recording at a visit: results, progress, conflicts, NFC, history, query counts."""

import re
import unicodedata

from django.urls import reverse

from checklists.models import ChecklistItem
from conftest import status_set
from findings.models import ItemResult
from findings.selectors import visit_progress
from findings.tests.conftest import result_post


def test_start_creates_one_result_per_item_applicable_to_the_agency_level(open_visit, demo):
    codes = set(open_visit.item_results.values_list("item__code", flat=True))
    assert {"5.1", "5.4", "2.2"} <= codes  # district level: the Decision 26 items apply
    department = demo.visit("Sở Nội vụ")
    department.item_results.all().delete()
    status_set(department, "scheduled")
    from findings import services

    services.visit_start(visit=department, user=demo.users["member"])
    assert "5.1" not in set(department.item_results.values_list("item__code", flat=True))
    assert department.checklist == demo.plan.checklist


def test_member_saves_a_result_through_htmx_and_sees_the_progress(client, open_visit, demo):
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    response = client.post(
        reverse("findings:item_result_save", args=[row.pk]),
        result_post(row, result="partial", note="Thiếu 2 phiếu"),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="item-{row.pk}"' in page and 'hx-swap-oob="true"' in page
    assert "Đã đánh giá 1/" in page and "Đã lưu." in page
    row.refresh_from_db()
    assert (row.result, row.progress, row.note, row.progress_by) == (
        "partial",
        "done",
        "Thiếu 2 phiếu",
        demo.users["member"],
    )


def test_not_applicable_is_excluded_from_progress_and_compliance(open_visit):
    rows = list(open_visit.item_results.order_by("pk")[:4])
    for row, result in zip(rows, ["pass", "partial", "fail", "na"], strict=True):
        ItemResult.objects.filter(pk=row.pk).update(result=result)
    progress = visit_progress(visit=open_visit)
    total = open_visit.item_results.count()
    assert (progress.assessed, progress.applicable) == (3, total - 1)
    assert progress.compliance_rate == 0.5  # (1 + ½ + 0) / 3


def test_second_save_of_the_same_item_is_refused_and_shows_the_other_change(client, open_visit, demo):
    row = open_visit.item_results.order_by("pk").first()
    url = reverse("findings:item_result_save", args=[row.pk])
    client.force_login(demo.users["member"])
    client.post(url, result_post(row, result="pass", note="Đủ hồ sơ"), HTTP_HX_REQUEST="true")
    client.force_login(demo.users["head"])
    response = client.post(url, result_post(row, result="fail", note="Thiếu phiếu"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "đã lưu tiêu chí này" in page and "Lê Văn C" in page and "“Đủ hồ sơ”" in page
    assert "Thiếu phiếu" in page  # what the second inspector typed is still on screen
    row.refresh_from_db()
    assert (row.result, row.note) == ("pass", "Đủ hồ sơ")
    assert row.history.count() == 2  # created + the first save; the refused one left no trace


def test_text_is_stored_as_nfc(client, open_visit, demo):
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    decomposed = unicodedata.normalize("NFD", "Chưa niêm yết nội quy ở Đắk Hà")
    client.post(reverse("findings:item_result_save", args=[row.pk]), result_post(row, note=decomposed))
    row.refresh_from_db()
    assert row.note == unicodedata.normalize("NFC", decomposed)
    assert ItemResult.objects.filter(note__contains="Đắk Hà").exists()


def test_invalid_result_is_refused_with_the_typed_text_kept(client, open_visit, demo):
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    response = client.post(
        reverse("findings:item_result_save", args=[row.pk]),
        result_post(row, result="excellent", note="Ghi chú quan trọng"),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in page or "Chọn một lựa chọn hợp lệ" in page
    assert "Ghi chú quan trọng" in page
    row.refresh_from_db()
    assert row.result == "" and row.note == ""


def test_changes_are_recorded_with_who_and_before_after(client, open_visit, demo):
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    url = reverse("findings:item_result_save", args=[row.pk])
    client.post(url, result_post(row, result="pass"))
    row.refresh_from_db()
    client.force_login(demo.users["head"])
    client.post(url, result_post(row, result="fail"))
    latest, previous = row.history.order_by("-history_date")[:2]
    assert latest.history_user == demo.users["head"] and previous.history_user == demo.users["member"]
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes["result"] == ("pass", "fail")


def test_workspace_query_count_does_not_grow_with_items(client, open_visit, demo, django_assert_max_num_queries):
    client.force_login(demo.users["member"])
    url = reverse("findings:workspace", args=[open_visit.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    section = ChecklistItem.objects.filter(section__template=open_visit.checklist).first().section
    extra = ChecklistItem.objects.bulk_create(
        [ChecklistItem(section=section, order=100 + i, code=f"X.{i}", text=f"Tiêu chí thêm {i}") for i in range(180)]
    )
    ItemResult.objects.bulk_create([ItemResult(visit=open_visit, item=item) for item in extra])
    assert open_visit.item_results.count() >= 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="card mb-2 item-card"') >= 200


def test_the_page_shows_each_items_saved_result_and_progress_as_chosen(client, open_visit, demo):
    row = open_visit.item_results.order_by("pk").first()
    ItemResult.objects.filter(pk=row.pk).update(result="partial", progress="doing")
    client.force_login(demo.users["member"])
    page = client.get(reverse("findings:workspace", args=[open_visit.pk])).content.decode()
    prefix = f"r{row.pk}"
    assert f'name="{prefix}-result" id="{prefix}-result-partial" value="partial" checked>' in page
    assert (
        f'<label class="btn btn-sm btn-outline-warning" for="{prefix}-result-partial">'
        '<span class="result-mark" aria-hidden="true">◐</span> Đạt một phần</label>'
    ) in page
    assert f'id="{prefix}-result-pass" value="pass">' in page  # not checked
    assert '<option value="doing" selected>Đang làm</option>' in page
    other = open_visit.item_results.order_by("pk")[1]
    assert f'name="r{other.pk}-result" id="r{other.pk}-result-pass" value="pass">' in page
    assert page.count(" checked>") == 1


def test_each_result_is_told_by_its_words_and_its_own_mark_not_by_colour_alone(client, open_visit, demo):
    row = open_visit.item_results.order_by("pk").first()
    client.force_login(demo.users["member"])
    page = client.get(reverse("findings:workspace", args=[open_visit.pk])).content.decode()
    marks = {}
    for value, words in [("pass", "Đạt"), ("partial", "Đạt một phần"), ("fail", "Chưa đạt"), ("na", "Không áp dụng")]:
        label = re.search(
            rf'for="r{row.pk}-result-{value}"><span class="result-mark" aria-hidden="true">(.)</span> (.+?)</label>',
            page,
        )
        assert label and label.group(2) == words, value
        marks[value] = label.group(1)
    assert len(set(marks.values())) == 4  # four states, four marks
