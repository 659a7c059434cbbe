"""Result tallies per visit and section, kept by triggers on findings_itemresult, filled from existing results.

PostgreSQL: statement-level triggers with transition tables, so a bulk load of a million results
costs three grouped statements, not a million upserts. SQLite (the embedded default): row triggers.
Every change is a delta added under the tally row's lock, never a recount, so concurrent saves on
the same visit cannot overwrite each other's counts. See findings.models.tallies.
"""

import django.db.models.deletion
from django.db import migrations, models

COUNTS = (
    "items = t.items + d.items, passed = t.passed + d.passed, partial = t.partial + d.partial,"
    " failed = t.failed + d.failed, not_applicable = t.not_applicable + d.not_applicable"
)
# (visit, section) deltas from the rows of ``changes`` (visit_id, item_id, result, sign).
DELTAS = """
    SELECT c.visit_id, i.section_id, SUM(c.sign) AS items,
        SUM(CASE WHEN c.result = 'pass' THEN c.sign ELSE 0 END) AS passed,
        SUM(CASE WHEN c.result = 'partial' THEN c.sign ELSE 0 END) AS partial,
        SUM(CASE WHEN c.result = 'fail' THEN c.sign ELSE 0 END) AS failed,
        SUM(CASE WHEN c.result = 'na' THEN c.sign ELSE 0 END) AS not_applicable
    FROM ({changes}) c JOIN findings_checklistitem i ON i.id = c.item_id
    GROUP BY c.visit_id, i.section_id
"""
NEW = "SELECT visit_id, item_id, result, 1 AS sign FROM new_rows"
OLD = "SELECT visit_id, item_id, result, -1 AS sign FROM old_rows"
APPLY = f"""
    UPDATE findings_resulttally t SET {COUNTS}
    FROM ({DELTAS}) d
    WHERE t.visit_id = d.visit_id AND t.section_id = d.section_id
        AND (d.items, d.passed, d.partial, d.failed, d.not_applicable) <> (0, 0, 0, 0, 0);
"""
POSTGRESQL = [
    f"""
    CREATE FUNCTION findings_resulttally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO findings_resulttally (visit_id, section_id, items, passed, partial, failed, not_applicable)
            SELECT DISTINCT n.visit_id, i.section_id, 0, 0, 0, 0, 0
            FROM new_rows n JOIN findings_checklistitem i ON i.id = n.item_id
            ON CONFLICT (visit_id, section_id) DO NOTHING;
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
        CREATE TRIGGER findings_resulttally_{event.lower()} AFTER {event} ON findings_itemresult
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION findings_resulttally_apply();
        """
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    ),
]
POSTGRESQL_DROP = ["DROP FUNCTION findings_resulttally_apply() CASCADE;"]


def sqlite_row(row: str, sign: str) -> str:
    """Add (sign "+") or take away ("-") one row, NEW or OLD, from its tally."""
    section = f"(SELECT section_id FROM findings_checklistitem WHERE id = {row}.item_id)"
    counts = ", ".join(
        f"{column} = {column} {sign} ({row}.result = '{value}')"
        for column, value in (("passed", "pass"), ("partial", "partial"), ("failed", "fail"), ("not_applicable", "na"))
    )
    return (
        f"UPDATE findings_resulttally SET items = items {sign} 1, {counts}"
        f" WHERE visit_id = {row}.visit_id AND section_id = {section};"
    )


SQLITE_CREATE = (
    "INSERT OR IGNORE INTO findings_resulttally (visit_id, section_id, items, passed, partial, failed, not_applicable)"
    " VALUES (NEW.visit_id, (SELECT section_id FROM findings_checklistitem WHERE id = NEW.item_id), 0, 0, 0, 0, 0);"
)
SQLITE = [
    f"CREATE TRIGGER findings_resulttally_insert AFTER INSERT ON findings_itemresult"
    f" BEGIN {SQLITE_CREATE} {sqlite_row('NEW', '+')} END;",
    f"CREATE TRIGGER findings_resulttally_update AFTER UPDATE OF visit_id, item_id, result ON findings_itemresult"
    f" BEGIN {SQLITE_CREATE} {sqlite_row('OLD', '-')} {sqlite_row('NEW', '+')} END;",
    f"CREATE TRIGGER findings_resulttally_delete AFTER DELETE ON findings_itemresult"
    f" BEGIN {sqlite_row('OLD', '-')} END;",
]
SQLITE_DROP = [f"DROP TRIGGER findings_resulttally_{event};" for event in ("insert", "update", "delete")]
BACKFILL = """
    INSERT INTO findings_resulttally (visit_id, section_id, items, passed, partial, failed, not_applicable)
    SELECT r.visit_id, i.section_id, COUNT(*),
        SUM(CASE WHEN r.result = 'pass' THEN 1 ELSE 0 END), SUM(CASE WHEN r.result = 'partial' THEN 1 ELSE 0 END),
        SUM(CASE WHEN r.result = 'fail' THEN 1 ELSE 0 END), SUM(CASE WHEN r.result = 'na' THEN 1 ELSE 0 END)
    FROM findings_itemresult r JOIN findings_checklistitem i ON i.id = r.item_id
    GROUP BY r.visit_id, i.section_id
"""


def run(statements: dict):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(f"result tallies need triggers written for {vendor}")
        for sql in statements[vendor]:
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ('findings', '0004_action_deadline_index'),
        ('inspections', '0003_visit_conclusion_issued_on'),
    ]

    operations = [
        migrations.CreateModel(
            name='ResultTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('items', models.IntegerField(default=0)),
                ('passed', models.IntegerField(default=0)),
                ('partial', models.IntegerField(default=0)),
                ('failed', models.IntegerField(default=0)),
                ('not_applicable', models.IntegerField(default=0)),
                ('section', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='findings.checklistsection')),
                ('visit', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='result_tallies', to='inspections.visit')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('visit', 'section'), name='resulttally_once_per_visit_section')],
            },
        ),
        migrations.RunPython(
            run({"postgresql": [*POSTGRESQL, BACKFILL], "sqlite": [*SQLITE, BACKFILL]}),
            run({"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
