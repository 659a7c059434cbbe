"""Fieldwork that never loses work (issue 17), in Chromium at tablet size (820×1180).

Offline capture with the service worker and the outbox, a second inspector's conflicting change,
an expired session mid-edit, a draft restored after a reload, and the tablet workspace itself.
"""

import io

import pytest
from django.contrib.sessions.models import Session
from django.utils.timezone import localtime
from PIL import Image

from conftest import visit_rescheduled
from findings import services
from tests.conftest import login

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def started_visit(transactional_db, demo):
    visit = visit_rescheduled(demo.visit("Ngọc Hồi"))
    services.visit_start(visit=visit, user=demo.users["member"])
    return visit


def tablet(browser, live_server, width=TABLET["width"]):
    context = browser.new_context(base_url=live_server.url, viewport={**TABLET, "width": width}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def photo(tmp_path, name="niem-yet.jpg"):
    path = tmp_path / name
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8769] = {0x9003: "2020:08:25 09:15:00"}
    Image.new("RGB", (1200, 900), (30, 90, 140)).save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def rows(visit):
    return list(visit.item_results.select_related("item").order_by("item__section__order", "item__order", "item__pk"))


def open_cached(page, visit):
    """The workspace, opened online, with the service worker in control and the visit cached."""
    page.goto(f"/kiem-tra/{visit.pk}/ket-qua/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.locator("#offline-ready[data-state=ready]").wait_for()  # every copy the page asked for is stored
    assert "Sẵn sàng khi mất mạng" in page.locator("#offline-ready").inner_text()


def record_offline(page, tmp_path):
    cards = page.locator(".item-card")
    for index in range(5):
        cards.nth(index).locator("label", has_text="Chưa đạt" if index == 0 else "Đạt").first.click()
    note = cards.nth(1).locator("textarea")
    note.fill("Sổ theo dõi ghi đủ 12 hồ sơ")
    cards.nth(1).get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Ghi phát hiện mới").click()
    form = page.locator("#findings form")
    form.get_by_label("Hạn chế, tồn tại").check()
    form.get_by_label("Nội dung").fill("Chưa niêm yết Nội quy làm việc")
    form.get_by_label("Mức độ").select_option("medium")
    form.get_by_role("button", name="Lưu phát hiện").click()
    page.locator("#evidence input[type=file]").set_input_files(str(photo(tmp_path)))
    page.locator("#evidence").get_by_label("Chú thích").fill("Bảng niêm yết")
    page.locator("#evidence").get_by_role("button", name="Tải lên").click()


def test_offline_capture_survives_reload_and_is_sent_on_reconnect(browser, live_server, started_visit, tmp_path):
    context, page = tablet(browser, live_server)
    login(page, "member")
    open_cached(page, started_visit)
    context.set_offline(True)
    record_offline(page, tmp_path)
    page.get_by_text("7 thay đổi chưa gửi").wait_for()
    assert not started_visit.item_results.exclude(result="").exists()  # nothing reached the server

    page.reload()  # offline: the service worker's copy, the outbox applied over it
    page.get_by_text("7 thay đổi chưa gửi").wait_for()
    cards = page.locator(".item-card")
    assert cards.nth(0).locator("input[value=fail]").is_checked()
    assert cards.nth(1).locator("textarea").input_value() == "Sổ theo dõi ghi đủ 12 hồ sơ"
    page.locator("#findings .outbox-card", has_text="Chưa niêm yết Nội quy làm việc").wait_for()
    page.locator("#evidence .outbox-card", has_text="Chụp 25/08/2020 09:15").wait_for()

    context.set_offline(False)
    page.locator("#outbox-status").wait_for(state="hidden")
    saved = rows(started_visit)
    assert [r.result for r in saved[:5]] == ["fail", "pass", "pass", "pass", "pass"]
    assert saved[1].note == "Sổ theo dõi ghi đủ 12 hồ sơ" and all(r.progress == "done" for r in saved[:5])
    finding = started_visit.findings.get()
    assert finding.description == "Chưa niêm yết Nội quy làm việc" and finding.severity == "medium"
    evidence = started_visit.evidence.get()
    assert evidence.caption == "Bảng niêm yết"
    assert localtime(evidence.captured_at).strftime("%d/%m/%Y %H:%M") == "25/08/2020 09:15"  # EXIF time kept
    page.get_by_text("Đã đánh giá 5/").wait_for()
    context.close()


def test_offline_change_over_a_colleagues_save_shows_the_conflict(browser, live_server, started_visit, demo, tmp_path):
    context, page = tablet(browser, live_server)
    login(page, "member")
    open_cached(page, started_visit)
    context.set_offline(True)
    record_offline(page, tmp_path)
    page.get_by_text("7 thay đổi chưa gửi").wait_for()
    first = rows(started_visit)[0]
    services.item_result_save(  # the head, on another tablet, online meanwhile
        item_result=first,
        revision=first.revision,
        user=demo.users["head"],
        result="partial",
        progress="done",
        note="Đã kiểm tra lại",
    )

    context.set_offline(False)
    page.wait_for_function("() => document.getElementById('outbox-status').textContent === '1 cần xem lại'")
    card = page.locator(".item-card").nth(0)
    card.get_by_text("thay đổi của bạn chưa được lưu").wait_for()
    card.get_by_text("Đã kiểm tra lại").wait_for()  # the server's version beside what was typed
    assert card.locator("input[value=fail]").is_checked()  # the member's choice, not overwritten
    saved = rows(started_visit)
    assert saved[0].result == "partial" and saved[0].note == "Đã kiểm tra lại"
    assert [r.result for r in saved[1:5]] == ["pass"] * 4
    assert started_visit.findings.count() == 1 and started_visit.evidence.count() == 1

    page.reload()  # still shown after a reload: kept in the outbox until the member decides
    page.locator(".item-card").nth(0).get_by_text("thay đổi của bạn chưa được lưu").wait_for()
    page.locator(".item-card").nth(0).get_by_role("button", name="Lưu", exact=True).click()  # deliberate
    page.locator("#outbox-status").wait_for(state="hidden")
    assert rows(started_visit)[0].result == "fail"
    context.close()


def test_expired_session_keeps_the_form_and_saves_after_signing_in(browser, live_server, started_visit):
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    Session.objects.all().delete()  # a meeting longer than the idle timeout
    card = page.locator(".item-card").nth(2)
    card.locator("textarea").fill("Đã xem 20 hồ sơ")
    card.locator("label", has_text="Chưa đạt").first.click()
    page.get_by_text("Phiên làm việc đã hết hạn").first.wait_for()
    assert page.locator("#id_username").count() == 0  # no login page inside the fragment
    assert card.locator("textarea").input_value() == "Đã xem 20 hồ sơ"
    assert card.locator("input[value=fail]").is_checked()
    assert not started_visit.item_results.exclude(result="").exists()

    with context.expect_page() as popup_info:
        page.get_by_role("button", name="Đăng nhập lại").click()
    popup = popup_info.value
    popup.get_by_label("Tên đăng nhập").fill("member")
    popup.get_by_label("Mật khẩu").fill("demo-2020")
    popup.get_by_role("button", name="Đăng nhập").click()
    page.locator(".item-card").nth(2).get_by_text("Đã lưu.").wait_for()  # replayed with a fresh token
    saved = rows(started_visit)[2]
    assert saved.result == "fail" and saved.note == "Đã xem 20 hồ sơ"
    context.close()


# Scrolls a node to the bottom of the screen and answers its centre once the page has stopped moving
# (a smooth scroll still running from an earlier step would otherwise move it from under the mouse).
AT_THE_BOTTOM_AND_STILL = """node => new Promise((done, fail) => {
  let last = "";
  const until = Date.now() + 10000;
  const step = () => {
    if (Date.now() > until) return fail(new Error("the page kept moving under " + node.textContent));
    node.scrollIntoView({block: "end", behavior: "instant"});
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const r = node.getBoundingClientRect();
      const x = r.x + r.width / 2, y = r.y + r.height / 2, here = `${r.x},${r.y},${scrollY}`;
      const onTop = document.elementFromPoint(x, y)?.closest("label") === node;
      if (here === last && onTop && r.bottom <= innerHeight + 1) done({x, y});
      else { last = here; setTimeout(step, 100); }
    }));
  };
  step();
})"""


def test_the_expired_banner_waits_for_the_tap_that_saved_the_note(browser, live_server, started_visit):
    """The tap on a result blurs the note, whose save answers "expired" before the finger lifts:
    the banner, fixed at the bottom, must not appear under that finger and swallow the tap."""
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    Session.objects.all().delete()
    card = page.locator(".item-card").nth(2)
    card.locator("textarea").fill("Đã xem 20 hồ sơ")
    label = card.locator("label", has_text="Chưa đạt").first
    point = label.evaluate(AT_THE_BOTTOM_AND_STILL)  # at the bottom, where the banner goes
    page.mouse.move(point["x"], point["y"])
    with page.expect_response(lambda response: response.status == 401):
        page.mouse.down()  # the note loses focus and is saved: the answer comes before the lift
    page.wait_for_timeout(100)
    assert page.locator("#session-expired:visible").count() == 0
    page.mouse.up()
    page.get_by_text("Phiên làm việc đã hết hạn").first.wait_for()
    assert card.locator("input[value=fail]").is_checked()
    assert card.locator("textarea").input_value() == "Đã xem 20 hồ sơ"
    assert page.evaluate("document.body.classList.contains('session-expired-shown')")  # room beneath
    assert not started_visit.item_results.exclude(result="").exists()
    context.close()


def test_unsaved_note_is_restored_after_reload_with_a_warning_first(browser, live_server, started_visit):
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    page.locator(".item-card").nth(3).locator("textarea").press_sequentially("Thiếu sổ tiếp nhận")
    page.wait_for_timeout(400)
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    page.reload()
    page.locator("main").get_by_text("Đã khôi phục bản nháp chưa lưu").wait_for()
    assert dialogs == ["beforeunload"]
    assert page.locator(".item-card").nth(3).locator("textarea").input_value() == "Thiếu sổ tiếp nhận"
    assert not started_visit.item_results.exclude(note="").exists()
    page.locator(".item-card").nth(3).get_by_role("button", name="Lưu", exact=True).click()
    page.locator(".item-card").nth(3).get_by_text("Đã lưu.").wait_for()
    assert rows(started_visit)[3].note == "Thiếu sổ tiếp nhận"
    page.reload()
    page.locator(".item-card").nth(3).get_by_text("Lưu gần nhất").wait_for()
    assert page.locator("main").get_by_text("Đã khôi phục bản nháp").count() == 0  # cleared by the confirmed save
    context.close()


def test_finding_panel_opened_offline_loads_when_the_connection_returns(browser, live_server, started_visit):
    context = browser.new_context(base_url=live_server.url, viewport=TABLET, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    context.set_offline(True)
    page.get_by_text("Ghi phát hiện mới").click()
    page.get_by_text("Chưa tải được (mất kết nối)").wait_for()
    context.set_offline(False)
    page.locator("#findings form").get_by_label("Nội dung").wait_for()  # fetched again, no reload
    context.close()


def test_minutes_draft_is_restored_then_cleared_by_the_save(browser, live_server, started_visit):
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/bien-ban/")
    page.get_by_label("Địa điểm").fill("Hội trường UBND huyện Ngọc Hồi")
    page.wait_for_timeout(400)
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    page.locator("main").get_by_text("Đã khôi phục bản nháp chưa lưu").wait_for()
    assert page.get_by_label("Địa điểm").input_value() == "Hội trường UBND huyện Ngọc Hồi"
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.locator("main").get_by_text("Đã lưu thông tin biên bản.").wait_for()
    assert started_visit.minutes.place == "Hội trường UBND huyện Ngọc Hồi"
    page.goto(f"/kiem-tra/{started_visit.pk}/bien-ban/")
    page.get_by_label("Địa điểm").wait_for()
    assert page.locator("main").get_by_text("Đã khôi phục bản nháp").count() == 0
    context.close()


def test_tablet_workspace_a_tap_saves_focus_moves_on_targets_are_44_px(browser, live_server, started_visit):
    for width, collapsed in ((820, True), (1024, True), (1280, False)):
        context, page = tablet(browser, live_server, width=width)
        login(page, "member")
        page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
        assert page.locator(".navbar-toggler").is_visible() is collapsed
        assert page.get_by_role("link", name="Khắc phục").is_visible() is not collapsed
        context.close()
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    cards = page.locator(".item-card")
    small = page.evaluate(
        """() => [...document.querySelectorAll('.item-card label.btn, .item-card button, .workspace-bar .btn')]
            .filter(e => e.offsetParent).map(e => e.getBoundingClientRect())
            .filter(r => r.height < 44 || r.width < 44).length"""
    )
    assert small == 0
    cards.nth(0).locator("label", has_text="Đạt").first.click()  # no "Lưu": the tap saves
    page.locator(".item-card").nth(0).get_by_text("Đã lưu.").wait_for()
    page.wait_for_function(
        "() => document.activeElement.closest('.item-card') === document.querySelectorAll('.item-card')[1]"
    )
    first = rows(started_visit)[0]
    assert (first.result, first.progress) == ("pass", "done")
    page.locator(".item-card").nth(1).locator("textarea").fill("Ghi chú lưu khi rời ô")
    page.locator(".item-card").nth(2).locator("textarea").click()  # leaving the note saves it
    page.locator(".item-card").nth(1).get_by_text("Đã lưu.").wait_for()
    assert rows(started_visit)[1].note == "Ghi chú lưu khi rời ô"
    page.get_by_text("Nộp kết quả · còn").click()
    page.locator(".missing-list a").first.wait_for()
    assert page.locator(".missing-list a").count() == started_visit.item_results.filter(result="").count()
    context.close()
    context, page = tablet(browser, live_server, width=390)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def sign_out_asked(page):
    """Open the menu, press "Đăng xuất", dismiss the question: what it asked (None: it did not ask)."""
    messages = []

    def dismiss(dialog):
        messages.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(".navbar-toggler").click()
    page.locator("#nav-main.show").wait_for()  # the menu has finished opening
    with page.expect_event("dialog", timeout=10000):
        page.get_by_role("button", name="Đăng xuất").click()
    page.remove_listener("dialog", dismiss)
    return messages[0]


def test_signing_out_with_changes_waiting_warns_and_keeps_them(browser, live_server, started_visit):
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    context.set_offline(True)
    page.locator(".item-card").nth(0).locator("label", has_text="Đạt").first.click()
    page.get_by_text("1 thay đổi chưa gửi").wait_for()
    # still offline: the change waits in the outbox when the inspector signs out
    assert "Còn 1 thay đổi chưa gửi" in sign_out_asked(page)
    assert "/kiem-tra/" in page.url  # still signed in, on the page
    assert page.evaluate("async () => (await window.tthcOutbox.all()).length") == 1
    context.close()


def test_signing_out_with_nothing_waiting_asks_nothing_and_ends_the_session(browser, live_server, started_visit):
    context, page = tablet(browser, live_server)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator(".navbar-toggler").click()
    page.locator("#nav-main.show").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")
    assert asked == []
    assert not Session.objects.exists()  # the server ended the session
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    assert "/dang-nhap/" in page.url
    context.close()


def test_signing_out_in_another_tab_counts_the_changes_kept_after_it_opened(browser, live_server, started_visit):
    context, home = tablet(browser, live_server)
    login(home, "member")  # "Việc của tôi", opened before anything was kept
    workspace = context.new_page()
    workspace.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    context.set_offline(True)
    workspace.locator(".item-card").nth(0).locator("label", has_text="Đạt").first.click()
    workspace.get_by_text("1 thay đổi chưa gửi").wait_for()
    assert "Còn 1 thay đổi chưa gửi" in sign_out_asked(home)
    assert "/dang-nhap/" not in home.url
    context.close()


def test_the_workspace_says_when_it_is_not_fully_stored_for_offline_work(browser, live_server, started_visit):
    context, page = tablet(browser, live_server)
    login(page, "member")
    open_cached(page, started_visit)
    # A copy that cannot be stored (here a page that answers 404) turns "ready" into a warning.
    page.evaluate(
        """() => navigator.serviceWorker.controller.postMessage(
            {type: "cache", full: true, urls: [location.pathname, "/kiem-tra/999999999/bien-ban/"]})"""
    )
    page.locator("#offline-ready[data-state=incomplete]").wait_for()
    text = page.locator("#offline-ready").inner_text()
    assert "Chưa lưu đủ trên máy này để làm việc khi mất mạng (1 phần chưa lưu được)" in text
    context.close()
