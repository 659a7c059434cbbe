from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from inspections.models import Plan
from tests.effects import grown, row_counts
from units.models import Agency
from units.roles import Role, roles_of


def test_load_demo_twice_creates_nothing_twice(db, capsys, settings):
    call_command("load_demo")
    first = row_counts()
    call_command("load_demo")
    written = grown(first, row_counts())  # rows, links and history of every table
    assert written == {}, f"rows written by the second run: {written} ({sum(written.values())})"
    assert first["findings_finding"] and first["findings_historicalitemresult"] and first["units_historicaluser"]
    out = capsys.readouterr().out
    assert "1978/KH-UBND" in out and settings.DEMO_PASSWORD in out


def test_demo_is_the_kon_tum_2020_case(db):
    call_command("load_demo")
    plan = Plan.objects.get(number="1978/KH-UBND")
    assert plan.issued_on.isoformat() == "2020-06-04"
    assert (plan.period_start.isoformat(), plan.period_end.isoformat()) == ("2020-08-07", "2020-08-26")
    assert sorted(v.agency.name for v in plan.visits.all()) == sorted(
        [
            "Sở Tài nguyên và Môi trường",
            "Sở Kế hoạch và Đầu tư",
            "Sở Nội vụ",
            "Sở Tài chính",
            "UBND huyện Ngọc Hồi",
            "UBND huyện Đắk Hà",
            "UBND huyện Kon Plông",
            "UBND huyện Sa Thầy",
        ]
    )
    assert all(v.units_seen.filter(parent=v.agency).exists() for v in plan.visits.all())
    decision = plan.decisions.get()
    assert decision.number == "398/QĐ-UBND" and decision.issued_on.isoformat() == "2020-06-24"
    assert decision.members.filter(role="head").count() == 1
    assert set(decision.members.values_list("role", flat=True)) == {"head", "deputy", "member", "secretary"}
    ngoc_hoi = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    assert ngoc_hoi.area.name == "Huyện Ngọc Hồi" and ngoc_hoi.full_name() == "UBND huyện Ngọc Hồi, tỉnh Kon Tum"
    assert str(ngoc_hoi.valid_to) == "2025-06-30"


def test_each_demo_account_logs_in_with_its_role(db, settings):
    call_command("load_demo")
    expected = {
        "office": Role.OFFICE,
        "head": Role.TEAM_HEAD,
        "member": Role.TEAM_MEMBER,
        "liaison": Role.LIAISON,
        "leader": Role.LEADERSHIP,
    }
    for username, role in expected.items():
        user = authenticate(RequestFactory().post("/dang-nhap/"), username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert role in roles_of(user)
    liaison = User.objects.get(username="liaison")
    assert liaison.official.agency.name == "UBND huyện Ngọc Hồi" and liaison.official.is_focal_point


def test_office_account_can_use_the_admin(client, db, settings):
    call_command("load_demo")
    response = client.post(reverse("login"), {"username": "office", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:inspections_plan_changelist")).status_code == 200
    assert client.get(reverse("admin:inspections_visit_changelist")).status_code == 200
