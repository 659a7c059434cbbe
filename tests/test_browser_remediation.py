"""Remediation in the browser: the liaison reports with a photo, the office verifies and closes."""

import io

import pytest
from PIL import Image

from findings.models import RemediationAction
from tests.conftest import login

pytestmark = pytest.mark.browser


def test_liaison_reports_and_office_verifies(browser, live_server, transactional_db, demo, tmp_path):
    action = RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status="open")
    photo = tmp_path / "phieu-danh-gia.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 800), (200, 160, 40)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, "liaison")
    page.get_by_role("button", name="Mở menu").click()  # 390 px: the navigation is collapsed
    page.get_by_role("link", name="Khắc phục").first.click()
    page.get_by_text("Quá hạn: ").wait_for()
    page.get_by_role("link", name="Chậm triển khai mẫu phiếu đánh giá").click()
    page.get_by_role("heading", name="Báo cáo kết quả khắc phục").wait_for()
    page.get_by_role("button", name="Gửi báo cáo").click()  # empty: refused, with the reason
    page.locator("main").get_by_text("Hãy mô tả kết quả khắc phục đã thực hiện.").wait_for()
    page.get_by_label("Kết quả khắc phục đã thực hiện").fill("Đã đặt phiếu đánh giá tại Bộ phận Một cửa từ 01/10/2020.")
    page.get_by_label("Minh chứng (ảnh hoặc PDF)").set_input_files(str(photo))
    page.get_by_label("Chú thích minh chứng").fill("Hộp phiếu đánh giá tại Bộ phận Một cửa")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.locator("main").get_by_text("Đã gửi báo cáo khắc phục.").wait_for()
    context.close()

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, "office")
    page.get_by_role("link", name="Thông báo").click()
    page.get_by_role("link", name="UBND huyện Ngọc Hồi đã báo cáo khắc phục").first.click()
    page.locator("main").get_by_text("Đã đặt phiếu đánh giá tại Bộ phận Một cửa").wait_for()
    assert page.locator("img.evidence-thumb").count() == 1
    page.get_by_label("Ý kiến").fill("Đã kiểm tra ảnh, đạt yêu cầu.")
    page.get_by_role("button", name="Xác minh, đóng").click()
    page.locator("main").get_by_text("Đã xác minh và đóng biện pháp khắc phục.").wait_for()
    context.close()

    action.refresh_from_db()
    assert action.status == "verified" and action.reported_by.username == "liaison"
    assert action.reviewed_by.username == "office" and action.report_evidence.count() == 1
