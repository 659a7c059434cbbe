"""Result counts per whole visit, with the compliance rate stored and indexed; kept by triggers, filled from the results.

Same scheme as 0005_result_tallies (statement-level triggers on PostgreSQL, row triggers on
SQLite, every change a delta under the row's lock), in triggers of their own so that 0005 stays
as it was applied. The triggers also rewrite ``rate`` from the new counts, with the weights of
findings.models.results.RESULT_WEIGHTS (1, ½, 0). See findings.models.tallies.VisitTally.
"""

import django.db.models.deletion
from django.db import migrations, models

COUNTS = (
    "items = t.items + d.items, passed = t.passed + d.passed, partial = t.partial + d.partial,"
    " failed = t.failed + d.failed, not_applicable = t.not_applicable + d.not_applicable"
)
# Per-visit deltas from the rows of ``changes`` (visit_id, result, sign).
DELTAS = """
    SELECT c.visit_id, SUM(c.sign) AS items,
        SUM(CASE WHEN c.result = 'pass' THEN c.sign ELSE 0 END) AS passed,
        SUM(CASE WHEN c.result = 'partial' THEN c.sign ELSE 0 END) AS partial,
        SUM(CASE WHEN c.result = 'fail' THEN c.sign ELSE 0 END) AS failed,
        SUM(CASE WHEN c.result = 'na' THEN c.sign ELSE 0 END) AS not_applicable
    FROM ({changes}) c GROUP BY c.visit_id
"""
NEW = "SELECT visit_id, result, 1 AS sign FROM new_rows"
OLD = "SELECT visit_id, result, -1 AS sign FROM old_rows"


def rate(passed: str = "passed", partial: str = "partial", failed: str = "failed", real: str = "REAL") -> str:
    """The compliance rate of the given counts (SQL), NULL when nothing was assessed.

    In binary floating point (``real``: SQLite's REAL, PostgreSQL's double precision), not
    PostgreSQL's decimal numeric, so it is the very number Python computes from the same counts
    (``findings.tallies``), and equal rates stay equal for the drill-down's tie-break.
    """
    assessed = f"{passed} + {partial} + {failed}"
    weighted = f"CAST({passed} AS {real}) * 100 + CAST({partial} AS {real}) * 50"
    return f"CASE WHEN {assessed} = 0 THEN NULL ELSE ({weighted}) / ({assessed}) END"


APPLY = f"""
    UPDATE findings_visittally t SET {COUNTS},
        rate = {rate("(t.passed + d.passed)", "(t.partial + d.partial)", "(t.failed + d.failed)", "double precision")}
    FROM ({DELTAS}) d
    WHERE t.visit_id = d.visit_id AND (d.items, d.passed, d.partial, d.failed, d.not_applicable) <> (0, 0, 0, 0, 0);
"""
POSTGRESQL = [
    f"""
    CREATE FUNCTION findings_visittally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO findings_visittally (visit_id, items, passed, partial, failed, not_applicable)
            SELECT DISTINCT visit_id, 0, 0, 0, 0, 0 FROM new_rows
            ON CONFLICT (visit_id) DO NOTHING;
        END IF;
        IF TG_OP = 'INSERT' THEN {APPLY.format(changes=NEW)}
        ELSIF TG_OP = 'DELETE' THEN {APPLY.format(changes=OLD)}
        ELSE {APPLY.format(changes=NEW + " UNION ALL " + OLD)}
        END IF;
        RETURN NULL;
    END $$;
    """,
    *(
        f"""
        CREATE TRIGGER findings_visittally_{event.lower()} AFTER {event} ON findings_itemresult
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION findings_visittally_apply();
        """
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    ),
]
# Every visit has its row from the start (zeros, rate NULL), so the drill-down can join it inner and
# read visits in the rate index's order.
POSTGRESQL += [
    """
    CREATE FUNCTION findings_visittally_create() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO findings_visittally (visit_id, items, passed, partial, failed, not_applicable)
        SELECT id, 0, 0, 0, 0, 0 FROM new_visits ON CONFLICT (visit_id) DO NOTHING;
        RETURN NULL;
    END $$;
    """,
    """
    CREATE TRIGGER findings_visittally_create AFTER INSERT ON inspections_visit
    REFERENCING NEW TABLE AS new_visits FOR EACH STATEMENT EXECUTE FUNCTION findings_visittally_create();
    """,
]
POSTGRESQL_DROP = [
    "DROP FUNCTION findings_visittally_apply() CASCADE;",
    "DROP FUNCTION findings_visittally_create() CASCADE;",
]


def sqlite_row(row: str, sign: str) -> str:
    """Add (sign "+") or take away ("-") one row, NEW or OLD, from its visit's tally."""
    counts = ", ".join(
        f"{column} = {column} {sign} ({row}.result = '{value}')"
        for column, value in (("passed", "pass"), ("partial", "partial"), ("failed", "fail"), ("not_applicable", "na"))
    )
    return (
        f"UPDATE findings_visittally SET items = items {sign} 1, {counts} WHERE visit_id = {row}.visit_id;"
        f" UPDATE findings_visittally SET rate = {rate()} WHERE visit_id = {row}.visit_id;"
    )


SQLITE_CREATE = (
    "INSERT OR IGNORE INTO findings_visittally (visit_id, items, passed, partial, failed, not_applicable)"
    " VALUES (NEW.visit_id, 0, 0, 0, 0, 0);"
)
SQLITE = [
    f"CREATE TRIGGER findings_visittally_insert AFTER INSERT ON findings_itemresult"
    f" BEGIN {SQLITE_CREATE} {sqlite_row('NEW', '+')} END;",
    f"CREATE TRIGGER findings_visittally_update AFTER UPDATE OF visit_id, result ON findings_itemresult"
    f" BEGIN {SQLITE_CREATE} {sqlite_row('OLD', '-')} {sqlite_row('NEW', '+')} END;",
    f"CREATE TRIGGER findings_visittally_delete AFTER DELETE ON findings_itemresult"
    f" BEGIN {sqlite_row('OLD', '-')} END;",
]
SQLITE.append(
    "CREATE TRIGGER findings_visittally_create AFTER INSERT ON inspections_visit BEGIN"
    " INSERT OR IGNORE INTO findings_visittally (visit_id, items, passed, partial, failed, not_applicable)"
    " VALUES (NEW.id, 0, 0, 0, 0, 0); END;"
)
SQLITE_DROP = [f"DROP TRIGGER findings_visittally_{event};" for event in ("insert", "update", "delete", "create")]
BACKFILL = [
    """
    INSERT INTO findings_visittally (visit_id, items, passed, partial, failed, not_applicable)
    SELECT visit_id, SUM(items), SUM(passed), SUM(partial), SUM(failed), SUM(not_applicable)
    FROM findings_resulttally GROUP BY visit_id
    """,
    "UPDATE findings_visittally SET rate = {rate}",  # formatted per database below
    """
    INSERT INTO findings_visittally (visit_id, items, passed, partial, failed, not_applicable)
    SELECT id, 0, 0, 0, 0, 0 FROM inspections_visit
    WHERE id NOT IN (SELECT visit_id FROM findings_visittally)
    """,
]


def run(statements: dict):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(f"visit tallies need triggers written for {vendor}")
        for sql in statements[vendor]:
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ('findings', '0005_result_tallies'),
        ('inspections', '0003_visit_conclusion_issued_on'),
    ]

    operations = [
        migrations.CreateModel(
            name='VisitTally',
            fields=[
                ('visit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='result_total', serialize=False, to='inspections.visit')),
                ('items', models.IntegerField(default=0)),
                ('passed', models.IntegerField(default=0)),
                ('partial', models.IntegerField(default=0)),
                ('failed', models.IntegerField(default=0)),
                ('not_applicable', models.IntegerField(default=0)),
                ('rate', models.FloatField(editable=False, null=True)),
            ],
            options={
                'indexes': [models.Index(fields=['rate', 'visit'], name='visittally_rate')],
            },
        ),
        migrations.RunPython(
            run(
                {
                    "postgresql": [*POSTGRESQL, *(sql.format(rate=rate(real="double precision")) for sql in BACKFILL)],
                    "sqlite": [*SQLITE, *(sql.format(rate=rate()) for sql in BACKFILL)],
                }
            ),
            run({"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
