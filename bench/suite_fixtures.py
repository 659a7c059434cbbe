"""Accounts, sessions and targets for the load suite and the PostgreSQL-restart fault test.

    DATABASE_URL=postgres://… .venv/bin/python bench/suite_fixtures.py synthetic --inspectors 20 > fixtures.json
    DATABASE_URL=postgres://… .venv/bin/python bench/suite_fixtures.py demo > fixtures.json

Runs against the database named in DATABASE_URL (never the test database) and prints JSON. The
synthetic data set (``manage.py generate_data``) has officials but no accounts, so ``synthetic``
gives accounts to people the data already has: team members of the last year's plans (each with
one visit in progress, their own), office staff, and focal points
of inspected agencies. Sessions are created directly, so the load measures pages, not logins.
``demo`` loads the Kon Tum demo and opens its Ngọc Hồi visit for recording.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSRF_SECRET = "benchcsrf" + "0" * 23  # 32 characters: a valid unmasked CSRF secret, sent as cookie and header


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")
    import django

    django.setup()


def session_for(user) -> str:
    """A signed-in session for ``user``, valid for a day (the idle timeout is refreshed by each request)."""
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.create()
    return session.session_key


def account(username: str, role: str, official=None, agency=None):
    """A user in the role's group, tied to an existing official or a new focal point of ``agency``."""
    from django.contrib.auth.models import Group, User

    from units.models import Official
    from units.roles import GROUP_NAMES

    user, _ = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[role])[0])
    if official is not None and official.user_id is None:
        official.user = user
        official.save(update_fields=["user"])
    if agency is not None and not hasattr(user, "official"):
        Official.objects.create(full_name=f"Đầu mối {username}", agency=agency, user=user, is_focal_point=True)
    return user


def workspace(visit) -> dict:
    """What an inspector posts to: the visit, its item results with their revisions, its checklist items."""
    rows = list(visit.item_results.order_by("pk").values("pk", "revision", "item_id"))
    return {
        "visit": visit.pk,
        "results": [{"id": r["pk"], "revision": r["revision"]} for r in rows],
        "items": [r["item_id"] for r in rows],
    }


def synthetic_fixtures(inspectors: int, office: int, liaisons: int) -> dict:
    """Accounts on the generated national data set; see the module docstring."""
    from django.db.models import Count

    from inspections.models import Plan, TeamMember, Visit
    from units.roles import Role

    last_year = Plan.objects.order_by("-year").values_list("year", flat=True).first()
    open_visits = Visit.objects.filter(
        plan__year=last_year, status=Visit.Status.IN_PROGRESS, item_results__isnull=False
    )
    out = {"inspectors": [], "office": [], "liaisons": [], "csrf": CSRF_SECRET}
    used_officials: set[int] = set()
    for visit in open_visits.distinct().order_by("plan_id", "pk"):
        if len(out["inspectors"]) == inspectors:
            break
        member = (
            TeamMember.objects.filter(decision__plan=visit.plan_id)
            .exclude(official_id__in=used_officials)
            .select_related("official")
            .first()
        )
        if member is None:
            continue
        used_officials.add(member.official_id)
        user = account(f"bench_inspector_{len(out['inspectors'])}", Role.TEAM_MEMBER, official=member.official)
        out["inspectors"].append({"session": session_for(user), **workspace(visit)})
    for n in range(office):
        out["office"].append({"session": session_for(account(f"bench_office_{n}", Role.OFFICE))})
    closed = Visit.objects.filter(status=Visit.Status.CLOSED).order_by("pk")
    step = max(1, closed.count() // max(1, liaisons))
    for n, visit in enumerate(closed[::step][:liaisons]):
        user = account(f"bench_liaison_{n}", Role.LIAISON, agency=visit.agency)
        out["liaisons"].append({"session": session_for(user), "agency": visit.agency_id, "visit": visit.pk})
    plans = Plan.objects.filter(year__lt=last_year).annotate(n=Count("visits")).order_by("n", "pk")
    median = plans[plans.count() // 2]
    out["report_plan"] = {"id": median.pk, "visits": median.n}
    out["dashboard_year"] = last_year - 2
    return out


def demo_fixtures() -> dict:
    """The Kon Tum demo with the Ngọc Hồi visit in progress, and a session of its team member."""
    from django.contrib.auth.models import User

    from demo.kontum import demo_load
    from inspections.models import Visit

    result = demo_load(area_provinces=[62])
    visit = result.plan.visits.get(agency__name__contains="Ngọc Hồi")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.IN_PROGRESS)  # reopened for the bench
    visit.refresh_from_db()
    member = User.objects.get(username="member")
    return {"csrf": CSRF_SECRET, "inspectors": [{"session": session_for(member), **workspace(visit)}]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["synthetic", "demo"])
    parser.add_argument("--inspectors", type=int, default=20)
    parser.add_argument("--office", type=int, default=5)
    parser.add_argument("--liaisons", type=int, default=5)
    args = parser.parse_args()
    django_setup()
    data = demo_fixtures() if args.mode == "demo" else synthetic_fixtures(args.inspectors, args.office, args.liaisons)
    json.dump(data, sys.stdout)


if __name__ == "__main__":
    main()
