"""One compliance rate: the visit tallies' triggers, the dashboards' SQL and Python give the very same float.

Migration 0006 wrote its own copy of the weights in its triggers (migrations never change), so this pins
that copy to ``findings.models.results.compliance_rate`` for every mix of results a visit of up to
``GRID_ITEMS`` items can have, and for large counts; on SQLite here, on PostgreSQL with DATABASE_URL (CI).
"""

import importlib
import itertools
import random

from django.db import connection
from django.db.models import Case, F, Value, When

from findings.models import ItemResult, VisitTally
from findings.models.results import RESULT_WEIGHTS, Result, compliance_rate, compliance_rate_sql

GRID_ITEMS = 12  # every denominator 1–12: thirds, sevenths, the 6.25 of 1 partial in 8 …
RESULTS = (Result.PASS, Result.PARTIAL, Result.FAIL, Result.NOT_APPLICABLE)


def mixes(items: int) -> list[tuple[int, int, int, int]]:
    """Every (passed, partial, failed, not applicable) count of at most ``items`` results; the rest unassessed."""
    return [mix for mix in itertools.product(range(items + 1), repeat=4) if sum(mix) <= items]


def test_the_rate_weighs_pass_one_partial_half_fail_nothing_and_leaves_out_the_rest():
    assert RESULT_WEIGHTS == {Result.PASS: 1.0, Result.PARTIAL: 0.5, Result.FAIL: 0.0}
    assert compliance_rate(1, 1, 1) == 50.0
    assert compliance_rate(2, 1, 0) == 250 / 3
    assert compliance_rate(0, 0, 0) is None


def test_the_triggers_stored_rate_is_the_python_rate_for_every_result_mix(open_visit):
    rows = list(open_visit.item_results.order_by("pk").values_list("pk", flat=True))
    assert len(rows) >= GRID_ITEMS and not open_visit.item_results.exclude(result="").exists()
    rows = rows[:GRID_ITEMS]
    in_sql = compliance_rate_sql(F("passed"), F("partial"), F("failed"))
    tally = VisitTally.objects.filter(visit=open_visit).annotate(in_sql=in_sql)
    checked, wrong = 0, []
    for mix in mixes(GRID_ITEMS):
        results = [result for result, n in zip(RESULTS, mix, strict=True) for _ in range(n)]
        results += [""] * (GRID_ITEMS - len(results))
        whens = [When(pk=pk, then=Value(result)) for pk, result in zip(rows, results, strict=True)]
        ItemResult.objects.filter(pk__in=rows).update(result=Case(*whens))  # one statement: the triggers run
        *counts, stored, sql = tally.values_list(
            "passed", "partial", "failed", "not_applicable", "rate", "in_sql"
        ).get()
        expected = compliance_rate(*mix[:3])
        checked += 1
        if tuple(counts) != mix or stored != expected or sql != expected:
            wrong.append((mix, counts, stored, sql, expected))
    assert checked == 1820 and wrong == []


def test_the_migrations_rate_sql_is_the_python_rate_for_large_counts(db):
    """The SQL of 0006's triggers, and the dashboards' expression, on counts no demo visit reaches."""
    trigger_rate = importlib.import_module("findings.migrations.0006_visit_tallies").rate
    real = "double precision" if connection.vendor == "postgresql" else "REAL"
    rng = random.Random(2020)
    samples = [tuple(rng.randrange(0, 10**n) for _ in range(3)) for n in (2, 3, 4, 6) for _ in range(50)]
    samples += [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (999_999, 1, 0)]
    wrong = []
    with connection.cursor() as cursor:
        for passed, partial, failed in samples:
            cursor.execute(f"SELECT {trigger_rate(str(passed), str(partial), str(failed), real)}")  # noqa: S608
            stored = cursor.fetchone()[0]
            in_sql = compliance_rate_sql(Value(passed), Value(partial), Value(failed))
            sql = VisitTally.objects.annotate(r=in_sql).values_list("r", flat=True)[0]
            expected = compliance_rate(passed, partial, failed)
            if stored != expected or sql != expected:
                wrong.append(((passed, partial, failed), stored, sql, expected))
    assert len(samples) == 205 and wrong == []
