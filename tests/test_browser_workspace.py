"""A visit recorded in the browser: member records and submits, head closes, liaison explains."""

import io

import pytest
from PIL import Image

from conftest import visit_rescheduled
from findings.models import Explanation, Finding, ItemResult
from inspections.models import Visit
from tests.conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def scheduled_visit(transactional_db, demo):
    visit = visit_rescheduled(demo.visit("Ngọc Hồi"))
    return visit


def photo_file(tmp_path):
    path = tmp_path / "niem-yet.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 90, 140)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_member_records_head_closes_liaison_explains(browser, live_server, scheduled_visit, tmp_path):
    def new_page(width):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    # Member, on a tablet (768 px): start, record every item without page reloads, add a limitation with a photo.
    page = new_page(768)
    login(page, "member")
    page.goto(f"/kiem-tra/{scheduled_visit.pk}/ket-qua/")
    page.get_by_role("button", name="Bắt đầu ghi nhận").click()
    page.locator("main").get_by_text("Đã đánh giá 0/").wait_for()
    cards = page.locator(".item-card")
    count = cards.count()
    assert count == scheduled_visit.item_results.count()
    marker = page.evaluate("() => (window.__noReload = 1)")
    for index in range(count):
        card = page.locator(".item-card").nth(index)
        choice = "Chưa đạt" if index == 0 else "Đạt"
        card.locator("label", has_text=choice).first.click()
        card.get_by_role("button", name="Lưu").click()
        card = page.locator(".item-card").nth(index)
        card.get_by_text("Đã lưu.").wait_for()
    page.locator("main").get_by_text(f"Đã đánh giá {count}/{count}").wait_for()
    assert page.evaluate("() => window.__noReload") == marker  # htmx swaps, never a full reload

    page.get_by_text("Ghi phát hiện mới").click()  # opened before the photo exists: no photo to attach yet
    page.locator("#findings form").get_by_label("Nội dung").wait_for()
    page.locator("#evidence input[type=file]").set_input_files(str(photo_file(tmp_path)))
    page.locator("#evidence").get_by_label("Chú thích").fill("Bảng niêm yết thiếu nội quy")
    page.locator("#evidence").get_by_role("button", name="Tải lên").click()
    page.locator("main").get_by_text("Đã tải lên minh chứng.").wait_for()

    page.get_by_text("Ghi phát hiện mới").click()  # the upload closed it; opened again, it offers the photo
    form = page.locator("#findings form")
    form.get_by_label("Bảng niêm yết thiếu nội quy").wait_for()
    form.get_by_label("Hạn chế, tồn tại").check()
    form.get_by_label("Nội dung").fill("Chưa niêm yết Nội quy làm việc của Bộ phận Một cửa")
    form.get_by_role("button", name="Lưu phát hiện").click()
    page.locator("main").get_by_text("Hãy chọn mức độ của hạn chế.").wait_for()  # refused, what was typed stays
    assert page.locator("#findings form").get_by_label("Nội dung").input_value().startswith("Chưa niêm yết")
    form = page.locator("#findings form")
    form.get_by_label("Mức độ").select_option("medium")
    form.get_by_label("Bảng niêm yết thiếu nội quy").check()
    form.get_by_role("button", name="Lưu phát hiện").click()
    page.locator("#findings").get_by_text("Đã ghi phát hiện.").wait_for()  # not its echo in the live region

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp kết quả").click()
    page.locator("main").get_by_text("Đã nộp kết quả cho Trưởng đoàn.").wait_for()
    page.context.close()

    # Head, on a laptop: closes the visit.
    page = new_page(1280)
    login(page, "head")
    page.goto(f"/kiem-tra/{scheduled_visit.pk}/ket-qua/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc kiểm tra").click()
    page.locator("main").get_by_text("Đã kết thúc cuộc kiểm tra.").wait_for()
    page.context.close()

    # Liaison, on a phone (390 px): sees the result and explains.
    page = new_page(390)
    login(page, "liaison")
    page.goto(f"/kiem-tra/{scheduled_visit.pk}/ket-qua/")
    page.get_by_text("Chưa niêm yết Nội quy làm việc").wait_for()
    assert page.locator("#findings img").count() == 1  # the photo, through the permission-checked view
    page.get_by_role("link", name="Chi tiết, lịch sử").first.click()
    page.get_by_label("Nội dung giải trình").fill("Đơn vị đã niêm yết Nội quy ngày 28/8/2020.")
    page.get_by_role("button", name="Gửi giải trình").click()
    page.locator("main").get_by_text("Đã gửi giải trình.").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.context.close()

    finding = Finding.objects.get(visit=scheduled_visit)
    assert finding.evidence.count() == 1 and finding.severity == "medium"
    assert Explanation.objects.get(finding=finding).text.startswith("Đơn vị đã niêm yết")
    assert ItemResult.objects.filter(visit=scheduled_visit, result="fail").count() == 1
    scheduled_visit.refresh_from_db()
    assert scheduled_visit.status == Visit.Status.CLOSED
