"""Shared fixtures: the Kon Tum demo as test data, named personas, service checks.

Personas (Healthchecks style): office, head, member, liaison (UBND huyện Ngọc Hồi),
leader — from the demo — plus outsiders: ``other_liaison`` (an agency the demo plan
does not inspect) and ``other_member`` (on another plan's team).
"""

import datetime
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group, User

from demo.kontum import demo_load
from inspections.models import Decision, Plan, TeamMember, Visit
from units.models import Agency, Kind, Level, Official
from units.roles import GROUP_NAMES, Role

PASSWORD = "demo-2020"


def services_required() -> bool:
    """Under CI (TTHC_REQUIRE_SERVICES=1) a missing service fails the test instead of skipping it."""
    return os.environ.get("TTHC_REQUIRE_SERVICES", "") == "1"


def need_service(name: str, reason: str) -> None:
    if services_required():
        pytest.fail(f"{name} is required under CI but unavailable: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_available():
    url = urlparse(redis_url())
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                need_service("Redis", f"{redis_url()} did not answer PING")
    except OSError as exc:
        need_service("Redis", f"{redis_url()}: {exc}")
    return redis_url()


@dataclass
class Demo:
    plan: Plan
    users: dict[str, User]

    def visit(self, name_part: str) -> Visit:
        return self.plan.visits.get(agency__name__contains=name_part)


def status_set(obj, status: str):
    """Test set-up only: put a row in a state its workflow would not take it to (a closed demo visit back to
    scheduled, …). A status refuses assignment (tthc_inspect.states); the save after the UPDATE records
    the change in the history, whose ids key the dashboards' cache."""
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    obj.save()
    return obj


def visit_rescheduled(visit):
    """Test set-up only: a demo visit emptied (no results, findings, evidence, actions, conclusion) and
    back to scheduled, for a test that records it from the start."""
    visit.actions.all().delete()
    visit.conclusion_issued_on = None
    visit.findings.all().delete()
    visit.evidence.all().delete()
    visit.item_results.all().delete()
    visit.save()
    return status_set(visit, visit.Status.SCHEDULED)


def make_user(username: str, role: str, agency: Agency, full_name: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[role])[0])
    Official.objects.create(full_name=full_name, agency=agency, user=user, is_focal_point=role == Role.LIAISON)
    return user


@pytest.fixture(autouse=True)
def empty_cache():
    """Test databases reuse ids after a rollback, so no test sees another's cached dashboards or filter lists."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese_first():
    """A request in English leaves English active in its thread; each test starts in Vietnamese, as users do."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the Kon Tum demo once per test database; each test then rolls back to it.

    Loading it per test cost about a second each. Tests that flush the database
    (``transactional_db``: browser and real-worker tests) run last, and the ``demo``
    fixture loads the demo again where it is missing.
    """
    with django_db_blocker.unblock():
        demo_load(password=PASSWORD, area_provinces=[62])


@pytest.fixture
def demo(db) -> Demo:
    plan = Plan.objects.filter(number="1978/KH-UBND").first()
    if plan is None or not User.objects.filter(username="office").exists():
        plan = demo_load(password=PASSWORD, area_provinces=[62]).plan
    users = {u.username: u for u in User.objects.filter(username__in=["office", "head", "member", "liaison", "leader"])}
    return Demo(plan=plan, users=users)


@pytest.fixture
def other_plan(demo) -> Plan:
    """A 2021 plan with its own team (other_member) visiting Sở Tư pháp only."""
    issuer = demo.plan.issuer
    stp = Agency.objects.get(name="Sở Tư pháp")
    plan = Plan.objects.create(
        number="12/KH-UBND",
        issued_on=datetime.date(2021, 3, 1),
        issuer=issuer,
        year=2021,
        title="Kiểm tra công tác kiểm soát TTHC năm 2021",
        period_start=datetime.date(2021, 5, 1),
        period_end=datetime.date(2021, 5, 31),
        status=Plan.Status.ISSUED,
    )
    decision = Decision.objects.create(
        plan=plan,
        number="45/QĐ-UBND",
        issued_on=datetime.date(2021, 3, 10),
        title="Thành lập đoàn",
        signer_name="X",
        signer_position="Chủ tịch",
    )
    other_member = make_user("other_member", Role.TEAM_MEMBER, stp, "Đỗ Văn K")
    TeamMember.objects.create(
        decision=decision, official=other_member.official, role=TeamMember.Role.HEAD, home_agency=stp
    )
    Visit.objects.create(
        plan=plan, agency=stp, planned_start=datetime.date(2021, 5, 3), planned_end=datetime.date(2021, 5, 4)
    )
    return plan


@pytest.fixture
def personas(demo, other_plan) -> dict[str, User | None]:
    outsider_agency = Agency.objects.create(
        name="UBND huyện Đắk Glei", kind=Kind.PEOPLES_COMMITTEE, level=Level.DISTRICT
    )
    users: dict[str, User | None] = dict(demo.users)
    users["other_member"] = User.objects.get(username="other_member")
    users["other_liaison"] = make_user("other_liaison", Role.LIAISON, outsider_agency, "Y Bơn")
    users["anonymous"] = None
    return users
