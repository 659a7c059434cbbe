import pytest

from tests.conftest import login

pytestmark = pytest.mark.browser

AGENCIES = [
    "Sở Tài nguyên và Môi trường",
    "Sở Kế hoạch và Đầu tư",
    "Sở Nội vụ",
    "Sở Tài chính",
    "UBND huyện Ngọc Hồi",
    "UBND huyện Đắk Hà",
    "UBND huyện Kon Plông",
    "UBND huyện Sa Thầy",
]


def test_office_user_opens_the_kon_tum_plan_and_sees_its_8_units(transactional_db, demo, page):
    login(page, "office")
    page.get_by_role("heading", name="Việc của tôi").wait_for()  # the first page after sign-in
    page.get_by_role("link", name="Kế hoạch kiểm tra").click()
    page.get_by_label("Tìm kiếm").fill("dak ha")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="1978/KH-UBND").click()
    page.get_by_role("heading", name="Kế hoạch số 1978/KH-UBND").wait_for()
    rows = page.locator("#schedule tbody tr")
    assert rows.count() == 8
    schedule = page.locator("#schedule").inner_text()
    for name in AGENCIES:
        assert name in schedule
    assert "07/08/2020" in schedule and "26/08/2020" in schedule
    page.get_by_role("link", name="UBND huyện Ngọc Hồi").click()
    page.get_by_role("heading", name="UBND huyện Ngọc Hồi, tỉnh Kon Tum").wait_for()
