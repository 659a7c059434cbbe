"""generate_data: the reproducible synthetic national data set."""

import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from demo.synthetic import SYNTHETIC_PURPOSE
from findings.models import Finding, ItemResult, RemediationAction
from inspections.models import Plan, Visit
from units.models import Agency

pytestmark = pytest.mark.django_db

TINY = ["--provinces", "1", "--agencies", "30", "--years", "3", "--findings", "200", "--actions", "40"]


class Rollback(Exception):
    pass


def snapshot() -> dict:
    return {
        "agencies": Counter(Agency.objects.values_list("name", "kind", "level", "area__code", "valid_to")),
        "plans": sorted(Plan.objects.values_list("number", "year", "issuer__name", "status")),
        "visits": sorted(Visit.objects.values_list("agency__name", "plan__year", "status", "planned_start")),
        "results": Counter(ItemResult.objects.values_list("visit__agency__name", "item__code", "result")),
        "findings": Counter(Finding.objects.values_list("visit__agency__name", "kind", "item__code", "severity")),
        "actions": Counter(RemediationAction.objects.values_list("agency__name", "status", "deadline")),
    }


def test_generate_data_is_reproducible_and_sized_as_asked():
    with pytest.raises(Rollback), transaction.atomic():
        call_command("generate_data", *TINY, "--seed", "7")
        first = snapshot()
        raise Rollback
    before = Agency.objects.count()
    call_command("generate_data", *TINY, "--seed", "7")
    assert snapshot() == first
    # The demo (loaded in every test database) keeps its agencies; the synthetic set reuses same-named ones.
    assert 0 < Agency.objects.count() - before <= 30
    synthetic = {"visit__plan__purpose": SYNTHETIC_PURPOSE}
    assert Finding.objects.filter(**synthetic).count() == 200
    assert RemediationAction.objects.filter(**synthetic).count() == 40
    assert Plan.objects.filter(purpose=SYNTHETIC_PURPOSE).values("year").distinct().count() == 3
    # Pre-2025 agencies keep their names and areas; the merged province's agencies start on 01/07/2025.
    assert Agency.objects.filter(name="UBND tỉnh Kon Tum", valid_to=datetime.date(2025, 6, 30)).exists()
    assert Agency.objects.get(name="UBND tỉnh Kon Tum").successors.filter(name="UBND tỉnh Quảng Ngãi").exists()
    # A spread of statuses, and no history rows: synthetic data is not a user's edit.
    assert set(Visit.objects.filter(plan__purpose=SYNTHETIC_PURPOSE).values_list("status", flat=True)) >= {
        "closed",
        "submitted",
    }
    assert RemediationAction.objects.filter(**synthetic).values("status").distinct().count() >= 3
    assert not Visit.history.filter(plan__purpose=SYNTHETIC_PURPOSE).exists()
    assert not Finding.history.filter(**synthetic).exists()
    with pytest.raises(CommandError):
        call_command("generate_data", *TINY)


def test_a_different_seed_gives_different_data():
    with pytest.raises(Rollback), transaction.atomic():
        call_command("generate_data", *TINY, "--seed", "1")
        first = snapshot()
        raise Rollback
    call_command("generate_data", *TINY, "--seed", "2")
    assert snapshot() != first
