"""A province sets up and runs its own 2026 inspection from the pages, from an empty database (issue 15).

Only ``load_areas`` and one IT superuser exist at the start. The office builds its directory
(the communes' agencies from the area data, the provincial agencies, five officials), gives two of
them accounts (the set-password links are read from the mail outbox), enters the 2026 plan, forms a
5-person team row by row, schedules visits, and the new head and member record, submit, return and
close; the office renders the three documents. ``/quan-tri/`` is never opened. Each step's time is
printed (``-s`` shows it) and kept in ``STEP_TIMES``.
"""

import re
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from inspections.models import Plan, Visit
from reports.tests.conftest import ensure_role_groups
from tests.conftest import login
from units.models import Agency, Official

pytestmark = pytest.mark.browser
STEP_TIMES: dict[str, float] = {}
TEAM = [
    ("Nguyễn Thị Hạnh", "head", "hanh"),
    ("Trần Văn Bình", "deputy", ""),
    ("Lê Thị Cúc", "member", "cuc"),
    ("Phạm Văn Dũng", "member", ""),
    ("Hồ Thị Em", "secretary", ""),
]


@contextmanager
def step(name: str):
    started = time.monotonic()
    yield
    STEP_TIMES[name] = round(time.monotonic() - started, 1)
    print(f"{name}: {STEP_TIMES[name]} s")  # noqa: T201  (the per-step timing the issue asks for)


@pytest.fixture
def empty_install(transactional_db, settings):
    call_command("flush", interactive=False, verbosity=0)
    ensure_role_groups()
    call_command("load_areas", provinces=[62], verbosity=0)
    User.objects.create_superuser("it", "it@example.vn", "It-2026-secret!")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def field(scope, label: str):
    """The input labelled exactly ``label`` (crispy adds "*" to a required field's label)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def pick(scope, label: str, typed: str, option: str) -> None:
    box = field(scope, label)
    box.fill(typed)
    box.locator("xpath=ancestor::div[@data-picker][1]").locator(
        ".picker-results [data-value]", has_text=option
    ).first.click()


def picker_in(row, field: str, typed: str, option: str) -> None:
    picker = row.locator(f"[data-picker$='-{field}']")
    picker.locator(".picker-box").fill(typed)
    picker.locator(".picker-results [data-value]", has_text=option).first.click()


def save(page, name="Lưu"):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def agency(page, name, kind, level, area_typed, area_option, parent=None):
    page.goto("/danh-ba/co-quan/moi/")
    field(page, "Tên cơ quan").fill(name)
    field(page, "Loại cơ quan").select_option(label=kind)
    field(page, "Cấp").select_option(label=level)
    pick(page, "Địa bàn", area_typed, area_option)
    if parent:
        pick(page, "Cơ quan cấp trên", parent, parent)
    field(page, "Hoạt động từ").fill("01/07/2025")
    save(page)
    page.locator("main").get_by_text(f"Đã lưu {name}.").wait_for()


def set_password_and_login(browser, live_server, username: str, password: str):
    link = next(m for m in reversed(mail.outbox) if f'"{username}"' in m.body)
    path = re.search(r"https?://[^/\s]+(/mat-khau/dat/\S+/)", link.body).group(1)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(path)
    page.locator("input[name=new_password1]").fill(password)
    page.locator("input[name=new_password2]").fill(password)
    save(page, "Lưu mật khẩu")
    page.locator("main").get_by_text("Mật khẩu đã được đặt.").wait_for()
    login(page, username, password)
    return page


def directory_steps(page):
    with step("1 directory: communes' UBND and centres of Quảng Ngãi from the area data"):
        page.goto("/danh-ba/co-quan/cap-xa/")
        pick(page, "Tỉnh, thành phố", "quang ngai", "Tỉnh Quảng Ngãi")
        page.get_by_role("button", name="Đề xuất").click()
        page.get_by_text("UBND xã Đăk Pxi", exact=True).wait_for()
        save(page, "Xác nhận tạo các cơ quan đã chọn")
        page.get_by_text("cơ quan cấp xã.").wait_for()
    with step("2 directory: provincial agencies"):
        agency(
            page, "UBND tỉnh Quảng Ngãi", "Ủy ban nhân dân", "Cấp tỉnh", "quang ngai", "Tỉnh Quảng Ngãi · cấp tỉnh · từ"
        )
        agency(
            page,
            "Văn phòng UBND tỉnh Quảng Ngãi",
            "Văn phòng",
            "Cấp tỉnh",
            "quang ngai",
            "Tỉnh Quảng Ngãi · cấp tỉnh · từ",
            parent="UBND tỉnh Quảng Ngãi",
        )
    with step("3 directory: five officials, accounts for the head and a member (links mailed)"):
        for full_name, _role, username in TEAM:
            page.goto("/danh-ba/can-bo/moi/")
            field(page, "Họ và tên").fill(full_name)
            field(page, "Chức vụ").fill("Chuyên viên")
            pick(page, "Cơ quan", "van phong ubnd tinh quang", "Văn phòng UBND tỉnh Quảng Ngãi")
            field(page, "Thư điện tử").fill(f"{username or 'x'}@quangngai.gov.vn")
            save(page)
            page.get_by_role("heading", name="Tạo tài khoản").wait_for()  # offered at once
            if username:
                field(page, "Tên đăng nhập").fill(username)
                role = "Trưởng đoàn kiểm tra" if _role == "head" else "Thành viên đoàn kiểm tra"
                page.get_by_label(re.compile(f"{role} —")).check()
                save(page, "Tạo tài khoản")
                page.locator("main").get_by_text("Đã gửi liên kết đặt mật khẩu").first.wait_for()


def plan_steps(page) -> Plan:
    with step("4 plan 2026"):
        page.goto("/ke-hoach/moi/")
        field(page, "Số, ký hiệu").fill("25/KH-UBND")
        field(page, "Ngày ban hành").fill("15/01/2026")
        pick(page, "Cơ quan ban hành", "ubnd tinh quang ngai", "UBND tỉnh Quảng Ngãi")
        field(page, "Năm kiểm tra").fill("2026")
        field(page, "Trích yếu").fill("Kiểm tra công tác kiểm soát TTHC năm 2026")
        field(page, "Kiểm tra từ ngày").fill("02/03/2026")
        field(page, "Kiểm tra đến ngày").fill("30/04/2026")
        save(page)
        page.locator("main").get_by_text("Đã tạo kế hoạch 25/KH-UBND.").wait_for()
    plan = Plan.objects.get(number="25/KH-UBND")
    with step("5 decision with a 5-person team, row by row"):
        page.goto(f"/ke-hoach/{plan.pk}/quyet-dinh/moi/")
        field(page, "Số, ký hiệu").fill("30/QĐ-UBND")
        field(page, "Ngày ký").fill("20/01/2026")
        field(page, "Trích yếu").fill("Thành lập Đoàn kiểm tra công tác kiểm soát TTHC năm 2026")
        field(page, "Người ký").fill("Nguyễn Văn Chủ")
        field(page, "Chức vụ người ký").fill("Chủ tịch")
        for _ in TEAM[1:]:
            page.get_by_role("button", name="+ Thêm thành viên").click()
        rows = page.locator("#team-rows > tr")
        for index, (full_name, role, _username) in enumerate(TEAM):
            row = rows.nth(index)
            picker_in(row, "official", full_name, full_name)
            row.locator("select[name$='-role']").select_option(role)
        save(page)
        page.locator("main").get_by_text("Đã lưu quyết định và thành phần đoàn.").wait_for()
    with step("6 visits (agencies valid on 02/03/2026 only)"):
        for name in ["UBND xã Đăk Pxi", "Trung tâm Phục vụ hành chính công xã Đăk Pxi"]:
            page.goto(f"/ke-hoach/{plan.pk}/lich/moi/")
            field(page, "Dự kiến từ ngày").fill("02/03/2026")
            field(page, "Dự kiến đến ngày").fill("03/03/2026")
            pick(page, "Cơ quan được kiểm tra", name, name)
            save(page)
            page.locator("main").get_by_text("Đã lưu lịch kiểm tra").wait_for()
        page.goto(f"/ke-hoach/{plan.pk}/")
        save(page, "Ban hành kế hoạch")
        save(page, "Bắt đầu kiểm tra")
        page.locator("main").get_by_text("Kế hoạch chuyển sang đang kiểm tra.").wait_for()
    return plan


def record_and_submit(member, visit):
    member.goto(f"/kiem-tra/{visit.pk}/ket-qua/")
    if member.get_by_role("button", name="Bắt đầu ghi nhận").count():
        member.get_by_role("button", name="Bắt đầu ghi nhận").click()
    member.get_by_text("Đã đánh giá").first.wait_for()
    cards = member.locator(".item-card")
    for index in range(cards.count()):
        card = member.locator(".item-card").nth(index)
        card.locator("label", has_text="Đạt").first.click()
        card.get_by_role("button", name="Lưu").click()
        member.locator(".item-card").nth(index).get_by_text("Đã lưu.").wait_for()
    member.once("dialog", lambda dialog: dialog.accept())
    member.get_by_role("button", name="Nộp kết quả").click()
    member.get_by_text("Đã nộp kết quả cho Trưởng đoàn.").wait_for()


def documents_step(page, plan, visit):
    page.goto(f"/kiem-tra/{visit.pk}/ket-luan/")
    field(page, "Ngày ban hành Thông báo kết luận").fill("20/03/2026")
    field(page, "hoặc số ngày kể từ ngày kết luận").fill("30")  # the one deadline of the conclusion (issue 16)
    save(page, "Ban hành")
    for url, kinds in [(f"/ke-hoach/{plan.pk}/", ["report"]), (f"/kiem-tra/{visit.pk}/", ["minutes", "conclusion"])]:
        for kind in kinds:
            page.goto(url)
            panel = page.locator(f'[data-document-kind="{kind}"]')
            panel.get_by_label("Ngày văn bản").fill("20/03/2026")
            panel.get_by_role("button", name="Tạo dự thảo PDF").click()
            page.wait_for_load_state()
            page.locator(f'[data-document-kind="{kind}"]').get_by_role("link", name="Tải PDF").first.wait_for(
                timeout=90000
            )


def test_a_province_runs_its_2026_inspection_from_the_pages(empty_install, browser, live_server, page):
    page.set_default_timeout(20000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with step("0 office (IT superuser) logs in"):
        login(page, "it", "It-2026-secret!")
    directory_steps(page)
    plan = plan_steps(page)
    visit = Visit.objects.get(plan=plan, agency__name="UBND xã Đăk Pxi")
    with step("7 head and member set their passwords from the mailed links and log in"):
        head = set_password_and_login(browser, live_server, "hanh", "Hanh-2026-mat-khau!")
        member = set_password_and_login(browser, live_server, "cuc", "Cuc-2026-mat-khau!")
    with step("8 member records every item and submits"):
        record_and_submit(member, visit)
    with step("9 head returns, member submits again, head closes"):
        head.goto(f"/kiem-tra/{visit.pk}/ket-qua/")
        field(head, "Ý kiến của Trưởng đoàn").fill("Bổ sung minh chứng niêm yết")
        save(head, "Trả lại để bổ sung")
        record_and_submit(member, visit)
        head.goto(f"/kiem-tra/{visit.pk}/ket-qua/")
        head.once("dialog", lambda dialog: dialog.accept())
        head.get_by_role("button", name="Kết thúc kiểm tra").click()
        head.get_by_text("Đã kết thúc cuộc kiểm tra.").wait_for()
    with step("10 office issues the conclusion and renders the three documents"):
        documents_step(page, plan, visit)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CLOSED
    assert plan.decisions.get().members.count() == 5
    assert Agency.objects.filter(name="UBND xã Đăk Pxi", valid_from__isnull=False).exists()
    assert Official.objects.filter(user__username__in=["hanh", "cuc"]).count() == 2
    assert set(plan.documents.values_list("kind", flat=True)) >= {"report", "minutes", "conclusion"}
    assert requested and not [url for url in requested if "/quan-tri/" in url]
    print(STEP_TIMES)  # noqa: T201
