"""What the pages show, in both languages, with a fixed number of queries."""

import datetime

from django.urls import reverse

from inspections.models import Visit
from units.models import Agency, Kind, Level


def test_plan_page_shows_schedule_team_and_dates(client, demo):
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    for text in [
        "Kế hoạch số 1978/KH-UBND",
        "07/08/2020 – 26/08/2020",
        "Quyết định số 398/QĐ-UBND ngày 24/06/2020",
        "Trưởng đoàn",
        "Nguyễn Văn A",
        "Thư ký",
        "Bộ phận Tiếp nhận và Trả kết quả huyện Ngọc Hồi",
    ]:
        assert text in page, text


def test_visit_page_shows_agency_with_province_and_people(client, demo):
    client.force_login(demo.users["office"])
    visit = demo.visit("Ngọc Hồi")
    page = client.get(reverse("inspections:visit_detail", args=[visit.pk])).content.decode()
    assert "UBND huyện Ngọc Hồi, tỉnh Kon Tum" in page
    assert "UBND thị trấn Plei Kần" in page
    assert "Võ Văn Giang" in page and "đầu mối KSTTHC" in page


def test_language_switch_to_english(client, demo):
    client.force_login(demo.users["office"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("inspections:plan_list")})
    assert response.status_code == 302
    page = client.get(reverse("inspections:plan_list")).content.decode()
    assert '<html lang="en">' in page
    assert "Inspection plans" in page and "04/06/2020" in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Kế hoạch kiểm tra" in client.get(reverse("inspections:plan_list")).content.decode()


def test_plan_page_query_count_is_constant(client, demo, django_assert_max_num_queries):
    client.force_login(demo.users["office"])
    url = reverse("inspections:plan_detail", args=[demo.plan.pk])
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    for i in range(30):
        agency = Agency.objects.create(name=f"UBND xã Thử {i}", kind=Kind.PEOPLES_COMMITTEE, level=Level.COMMUNE)
        visit = Visit.objects.create(
            plan=demo.plan,
            agency=agency,
            planned_start=datetime.date(2020, 8, 10),
            planned_end=datetime.date(2020, 8, 10),
        )
        visit.units_seen.add(agency)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_conflict_of_interest_is_flagged(client, demo):
    member = demo.plan.decisions.get().members.get(role="deputy")
    member.home_agency = demo.visit("Sở Nội vụ").agency
    member.save()
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:plan_detail", args=[demo.plan.pk])).content.decode()
    assert "xung đột lợi ích" in page and "Trần Thị B (Sở Nội vụ)" in page


def test_vietnamese_is_used_even_for_an_english_browser(client, demo):
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:plan_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page and "Kế hoạch kiểm tra" in page
