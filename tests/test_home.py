""" "Việc của tôi": each role's first page after sign-in, its counts the lists' counts, its cost fixed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from findings.models import DeadlineExtension, RemediationAction
from inspections.models import Plan, Visit
from reports.home import ROWS_SHOWN, home_for_user
from tests.conftest import login

D = datetime.date


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main") :]))


def panels(user) -> dict:
    home = home_for_user(user=user, today=timezone.localdate())
    return {str(p.title): p for _role, ps in home["sections"] for p in ps}


def test_signing_in_lands_on_my_work(client, demo):
    response = client.post(reverse("login"), {"username": "office", "password": "demo-2020"})
    assert response.status_code == 302 and response["Location"] == reverse("reports:home")


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("office", ["Kế hoạch đang kiểm tra", "Cuộc kiểm tra chờ ban hành kết luận", "Biện pháp chờ xác minh",
                    "Biện pháp quá hạn", "Đề nghị gia hạn chờ quyết định"]),
        ("head", ["Kết quả chờ Trưởng đoàn xem xét", "Dự thảo văn bản chờ hoàn thiện, ban hành",
                  "Lịch kiểm tra hôm nay và 14 ngày tới", "Đang kiểm tra: tiến độ ghi nhận"]),
        ("member", ["Lịch kiểm tra hôm nay và 14 ngày tới", "Đang kiểm tra: tiến độ ghi nhận"]),
        ("liaison", ["Kết quả kiểm tra có hạn chế cần giải trình", "Biện pháp phải khắc phục và thời hạn",
                     "Đề nghị gia hạn đã gửi"]),
        ("leader", ["Kế hoạch đang kiểm tra", "Đang kiểm tra: tiến độ ghi nhận", "Biện pháp quá hạn"]),
    ],
)  # fmt: skip
def test_each_role_sees_its_own_panels(client, demo, who, titles):
    assert list(panels(demo.users[who])) == titles
    client.force_login(demo.users[who])
    page = text_of(client.get(reverse("reports:home")))
    assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles)


def test_office_counts_are_the_lists_counts_on_the_demo(client, demo):
    """Hand-counted on the demo: 2 actions reported (Sở Nội vụ, Sa Thầy), 5 of the 7 open ones overdue."""
    office = demo.users["office"]
    shown = panels(office)
    assert shown["Biện pháp chờ xác minh"].count == 2
    assert shown["Biện pháp quá hạn"].count == 5
    client.force_login(office)
    for title, query in (("Biện pháp chờ xác minh", "status=reported"), ("Biện pháp quá hạn", "overdue=on")):
        assert shown[title].url == f"{reverse('findings:action_list')}?{query}"
        listed = client.get(shown[title].url).context["page"].paginator.count
        assert listed == shown[title].count, title
    plans = client.get(shown["Kế hoạch đang kiểm tra"].url).context["page"].paginator.count
    assert plans == shown["Kế hoạch đang kiểm tra"].count == Plan.objects.filter(status="in_progress").count()


def test_liaison_sees_only_its_agencys_work(client, demo):
    shown = panels(demo.users["liaison"])
    due = shown["Biện pháp phải khắc phục và thời hạn"]
    assert due.count == 1 and [a.agency.name for a in due.rows] == ["UBND huyện Ngọc Hồi"]
    assert [v.agency.name for v in shown["Kết quả kiểm tra có hạn chế cần giải trình"].rows] == ["UBND huyện Ngọc Hồi"]
    client.force_login(demo.users["liaison"])
    page = text_of(client.get(reverse("reports:home")))
    assert "hạn 15/10/2020" in page and "Sở Nội vụ" not in page


def test_a_visit_in_progress_shows_its_progress_to_the_team_and_leadership(client, demo):
    from conftest import status_set
    from findings.services import visit_start

    visit = demo.visit("Ngọc Hồi")
    visit.actions.all().delete()
    visit.item_results.all().delete()
    Visit.objects.filter(pk=visit.pk).update(conclusion_issued_on=None)
    status_set(visit, Visit.Status.SCHEDULED)
    visit = visit_start(visit=visit, user=demo.users["member"])
    results = list(visit.item_results.order_by("pk"))
    for row in results[:3]:
        type(row).objects.filter(pk=row.pk).update(result="pass")
    for who in ("member", "leader"):
        (row,) = panels(demo.users[who])["Đang kiểm tra: tiến độ ghi nhận"].rows
        assert (row.progress.assessed, row.progress.applicable) == (3, len(results))
    client.force_login(demo.users["member"])
    assert f"Đã đánh giá 3/{len(results)} tiêu chí" in text_of(client.get(reverse("reports:home")))


def _grow(demo, n: int) -> None:
    """More of everything the panels count: actions (reported, overdue), pending extensions, visits."""
    template = RemediationAction.objects.filter(agency__name="UBND huyện Ngọc Hồi").first()
    for i in range(n):
        for status in ("reported", "open"):
            RemediationAction.objects.create(
                visit=template.visit,
                agency=template.agency,
                description=f"Thêm {i}",
                measure="Làm",
                deadline=D(2020, 10, 15),
                status=status,
            )
    for action in RemediationAction.objects.filter(description__startswith="Thêm", status="open"):
        DeadlineExtension.objects.create(action=action, reason="x", requested_deadline=D(2021, 1, 1))


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("reports:home"))  # warm: the session's first request reads more than the page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["office", "head", "member", "liaison", "leader"])
def test_query_count_is_the_same_at_two_data_sizes(client, demo, who):
    small = _queries(client, demo.users[who])
    _grow(demo, ROWS_SHOWN + 4)
    assert _queries(client, demo.users[who]) == small


def test_an_empty_installation_leads_the_office_through_the_first_steps(client, demo):
    client.force_login(demo.users["office"])
    assert "Bắt đầu từ đâu" not in text_of(client.get(reverse("reports:home")))
    RemediationAction.objects.all().delete()
    Plan.objects.all().delete()
    page = client.get(reverse("reports:home")).content.decode()
    steps = re.findall(r'<li class="first-step">(.*?)</li>', page)
    assert len(steps) == 4 and "✓ Danh bạ cơ quan, cán bộ" in steps[0]
    assert f'href="{reverse("inspections:plan_create")}"' in steps[1]
    plan = Plan.objects.create(
        number="01/KH-UBND",
        title="Kế hoạch thử",
        year=2026,
        issuer=demo.plan.issuer,
        issued_on=D(2026, 1, 5),
        period_start=D(2026, 3, 1),
        period_end=D(2026, 4, 30),
    )
    page = client.get(reverse("reports:home")).content.decode()
    steps = re.findall(r'<li class="first-step">(.*?)</li>', page)
    assert "✓" in steps[1] and f'href="{reverse("inspections:decision_create", args=[plan.pk])}"' in steps[2]
    client.force_login(demo.users["member"])
    assert "Bắt đầu từ đâu" not in text_of(client.get(reverse("reports:home")))


def test_the_navbar_marks_the_current_page(client, demo):
    client.force_login(demo.users["office"])
    for name in ("reports:home", "inspections:plan_list", "findings:action_list", "notices:list"):
        html = client.get(reverse(name)).content.decode()
        nav = html[html.index("<nav") : html.index("</nav>")]
        current = re.findall(
            r'<a [^>]*aria-current="page"[^>]*href="([^"]+)"|<a [^>]*href="([^"]+)"[^>]*aria-current', nav
        )
        assert [a or b for a, b in current] == [reverse(name)], name


@pytest.mark.browser
def test_each_role_signs_in_to_its_home_with_its_counts(transactional_db, demo, page):
    login(page, "office")
    page.get_by_role("heading", name="Việc của tôi").wait_for()
    panel = page.locator(".home-panel", has_text="Biện pháp quá hạn")
    assert panel.locator(".home-count").inner_text().startswith("5")
    assert page.locator('nav a[aria-current="page"]').inner_text() == "Việc của tôi"
    panel.locator(".home-count").click()
    page.wait_for_url("**/khac-phuc/?overdue=on")
    page.context.clear_cookies()
    login(page, "liaison")
    page.get_by_role("heading", name="Việc của tôi").wait_for()
    assert (
        page.locator(".home-panel", has_text="Biện pháp phải khắc phục")
        .locator(".home-count")
        .inner_text()
        .startswith("1")
    )


@pytest.mark.browser
def test_the_inspectors_home_lists_the_changes_kept_on_this_device(transactional_db, demo, page):
    """Changes recorded offline (the outbox in IndexedDB) show on "Việc của tôi" with a link to their visit."""
    login(page, "member")
    page.goto(reverse("reports:home"))
    assert page.locator("#home-outbox").is_hidden()
    visit = demo.plan.visits.order_by("pk").first()
    path = reverse("findings:workspace", args=[visit.pk])
    page.context.set_offline(True)  # the entries stay queued: nothing is sent while the test reads them
    page.evaluate(
        """async (path) => {
        const user = document.body.dataset.user;
        for (const [n, state] of [[1, "pending"], [2, "pending"], [3, "conflict"]]) {
          await window.tthcOutbox.put({user, visit: "1", kind: "item", key: `v1:item-${n}`, url: path,
            fields: [], at: Date.now(), state, path, title: "Kết quả kiểm tra — Ngọc Hồi"});
        }
        await window.tthcOutbox.refresh();
      }""",
        path,
    )
    panel = page.locator("#home-outbox")
    panel.wait_for()
    assert "Kết quả kiểm tra — Ngọc Hồi — 2 thay đổi chưa gửi · 1 cần xem lại" in panel.inner_text()
    assert panel.get_by_role("link", name="Kết quả kiểm tra — Ngọc Hồi").get_attribute("href") == path
    page.context.set_offline(False)
