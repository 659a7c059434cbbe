"""Checking the result tallies against a recount, and recounting them (``manage.py result_tallies``).

The triggers keep the tallies exact on every write; this is for an operator who wants proof, or
who loaded rows with triggers disabled (``pg_restore --data-only --disable-triggers`` of a partial
dump, say).
"""

from django.db import connection, transaction
from django.db.models import Count, Q

from findings.models import ItemResult, ResultTally
from findings.models.results import Result

COUNTS = ("items", "passed", "partial", "failed", "not_applicable")


def tallies_counted() -> dict[tuple[int, int], tuple[int, ...]]:
    """{(visit, section): counts} from the item results themselves."""
    rows = ItemResult.objects.values_list("visit_id", "item__section_id").annotate(
        items=Count("pk"),
        passed=Count("pk", filter=Q(result=Result.PASS)),
        partial=Count("pk", filter=Q(result=Result.PARTIAL)),
        failed=Count("pk", filter=Q(result=Result.FAIL)),
        not_applicable=Count("pk", filter=Q(result=Result.NOT_APPLICABLE)),
    )
    return {(visit, section): tuple(counts) for visit, section, *counts in rows.order_by()}


def tallies_stored() -> dict[tuple[int, int], tuple[int, ...]]:
    """The same from the tallies; a tally at zero (its results deleted) counts as absent."""
    rows = ResultTally.objects.exclude(**dict.fromkeys(COUNTS, 0)).values_list("visit_id", "section_id", *COUNTS)
    return {(visit, section): tuple(counts) for visit, section, *counts in rows}


def tally_differences() -> list[tuple[tuple[int, int], tuple | None, tuple | None]]:
    """[((visit, section), stored, counted)] where they differ (None = no row)."""
    stored, counted = tallies_stored(), tallies_counted()
    keys = sorted(set(stored) | set(counted))
    return [(key, stored.get(key), counted.get(key)) for key in keys if stored.get(key) != counted.get(key)]


@transaction.atomic
def tallies_recount() -> int:
    """Replace every tally by a recount, with the results locked against writes meanwhile; returns the rows written."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE findings_itemresult IN SHARE MODE")
    ResultTally.objects.all().delete()
    rows = [
        ResultTally(visit_id=visit, section_id=section, **dict(zip(COUNTS, counts, strict=True)))
        for (visit, section), counts in tallies_counted().items()
    ]
    return len(ResultTally.objects.bulk_create(rows, batch_size=2000))
