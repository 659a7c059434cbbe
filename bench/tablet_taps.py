"""Taps and time to record 10 items, 2 findings and a photo on a tablet (issue 17).

Chromium (Debian's, headless) at 820×1180 against the live test server with the Kon Tum demo:
the member opens the Ngọc Hồi visit (started, no result yet) and records, as a new user would,
10 items (the first two "Chưa đạt", the rest "Đạt"), 2 limitations about items 1 and 2, and one photo.

Counting rules (the same before and after): a click or a tap on a field before typing = 1 tap;
a <select> = 2 taps (open, choose); a file input = 2 taps (open the picker, choose the photo);
a swipe = 1 each time the next target was not in the viewport before it was touched (the inspector
scrolls to reach it). Typing itself is not counted. The script follows the page's own controls:
where the page saves a result when it is tapped (``data-autosave``), it does not tap Lưu, and where
an item offers "Ghi hạn chế" / "Thêm ảnh", it uses them.

    .venv/bin/python -m pytest bench/tablet_taps.py -s -q -n 0 -p no:cacheprovider

Prints one Markdown row: taps, swipes, seconds.
"""

import io
import os
import time

import pytest
from PIL import Image

from conftest import visit_rescheduled
from tests.conftest import browser, login  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.browser


class Taps:
    def __init__(self, page):
        self.page, self.taps, self.swipes = page, 0, 0

    def _reach(self, locator):
        locator.wait_for()
        inside = locator.evaluate(
            "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"
        )
        if not inside:
            self.swipes += 1
            if os.environ.get("BENCH_VERBOSE"):
                print("swipe before", locator)

    def tap(self, locator):
        self._reach(locator)
        self.taps += 1
        locator.click()

    def fill(self, locator, text):
        self._reach(locator)
        self.taps += 1
        locator.fill(text)

    def select(self, locator, value):
        self._reach(locator)
        self.taps += 2
        locator.select_option(value)

    def file(self, locator, path):
        self.taps += 2
        locator.set_input_files(str(path))


def photo(tmp_path):
    path = tmp_path / "bang-niem-yet.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 100, 150)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def started_visit(transactional_db, demo):
    from findings import services

    visit = visit_rescheduled(demo.visit("Ngọc Hồi"))
    services.visit_start(visit=visit, user=demo.users["member"])
    return visit


def record_items(page, t, count):
    autosave = page.locator("form[data-autosave]").count() > 0
    for index in range(count):
        card = page.locator(".item-card").nth(index)
        t.tap(card.locator("label", has_text="Chưa đạt" if index < 2 else "Đạt").first)
        if not autosave:
            t.tap(card.get_by_role("button", name="Lưu", exact=True))
        page.locator(".item-card").nth(index).get_by_text("Đã lưu.").wait_for()


def record_finding(page, t, index, text):
    card = page.locator(".item-card").nth(index)
    in_place = card.get_by_role("button", name="Ghi hạn chế")
    if in_place.count():
        t.tap(in_place)
        form = page.locator(f"#extra-{card.get_attribute('id').split('-')[1]} form.finding-form")
    else:
        t.tap(page.get_by_text("Ghi phát hiện mới"))
        form = page.locator("#findings form")
        t.tap(form.get_by_label("Hạn chế, tồn tại"))
        code = card.locator(".item-code").first.inner_text() if card.locator(".item-code").count() else None
        item_select = form.get_by_label("Tiêu chí")
        value = item_select.locator("option", has_text=code).first.get_attribute("value") if code else None
        if value is None:
            value = item_select.locator("option").nth(index + 1).get_attribute("value")
        t.select(item_select, value)
    t.fill(form.get_by_label("Nội dung"), text)
    severity = form.get_by_label("Trung bình")
    if severity.count():
        t.tap(severity)
    else:
        t.select(form.get_by_label("Mức độ"), "medium")
    t.tap(form.get_by_role("button", name="Lưu phát hiện"))
    page.get_by_text("Đã ghi phát hiện.").first.wait_for()


def add_photo(page, t, tmp_path):
    card = page.locator(".item-card").nth(0)
    in_place = card.get_by_role("button", name="Thêm ảnh")
    if in_place.count():
        t.tap(in_place)
        form = page.locator(f"#extra-{card.get_attribute('id').split('-')[1]} form.photo-form")
        if form.get_attribute("data-picker-opened"):  # the tap opened the picker; choosing uploads
            t.taps += 1
            form.locator("input[type=file]").set_input_files(str(photo(tmp_path)))
            page.get_by_text("Đã tải lên minh chứng.").first.wait_for()
            return
        t.file(form.locator("input[type=file]"), photo(tmp_path))  # caption pre-filled with the item
    else:
        form = page.locator("#evidence form")
        t._reach(form.locator("input[type=file]"))
        t.file(form.locator("input[type=file]"), photo(tmp_path))
        t.fill(form.get_by_label("Chú thích"), "Bảng niêm yết thiếu nội quy")
    t.tap(form.get_by_role("button", name="Tải lên"))
    page.get_by_text("Đã tải lên minh chứng.").first.wait_for()


def test_tablet_taps(browser, live_server, started_visit, tmp_path):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, viewport={"width": 820, "height": 1180}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    page.get_by_text("Đã đánh giá 0/").first.wait_for()
    t = Taps(page)
    started = time.perf_counter()
    record_items(page, t, 10)
    record_finding(page, t, 0, "Chưa niêm yết Nội quy làm việc của Bộ phận Một cửa")
    record_finding(page, t, 1, "Sổ theo dõi hồ sơ ghi thiếu ngày trả kết quả")
    add_photo(page, t, tmp_path)
    seconds = time.perf_counter() - started
    context.close()
    assert started_visit.item_results.exclude(result="").count() == 10
    assert started_visit.findings.count() == 2 and started_visit.evidence.count() == 1
    print(f"\n| {t.taps + t.swipes} | {t.taps} | {t.swipes} | {seconds:.1f} |")
