"""Checking the result tallies (per section, per visit) against a recount, and recounting them.

The triggers keep the tallies exact on every write; this is for an operator who wants proof, or
who loaded rows with triggers disabled (``pg_restore --data-only --disable-triggers`` of a partial
dump, say).
"""

from django.db import connection, transaction
from django.db.models import Count, Q

from findings.models import ItemResult, ResultTally, VisitTally
from findings.models.results import Result, compliance_rate
from inspections.models import Visit

COUNTS = ("items", "passed", "partial", "failed", "not_applicable")


def tallies_counted() -> dict[tuple[int, int | None], tuple[int, ...]]:
    """{(visit, section): counts} from the item results themselves; section None: the whole visit."""
    rows = ItemResult.objects.values_list("visit_id", "item__section_id").annotate(
        items=Count("pk"),
        passed=Count("pk", filter=Q(result=Result.PASS)),
        partial=Count("pk", filter=Q(result=Result.PARTIAL)),
        failed=Count("pk", filter=Q(result=Result.FAIL)),
        not_applicable=Count("pk", filter=Q(result=Result.NOT_APPLICABLE)),
    )
    counted = {(visit, section): tuple(counts) for visit, section, *counts in rows.order_by()}
    visits: dict = {}
    for (visit, _section), counts in counted.items():
        visits[visit] = tuple(map(sum, zip(visits.get(visit, (0,) * len(COUNTS)), counts, strict=True)))
    return counted | {(visit, None): (*counts, _rate(counts)) for visit, counts in visits.items()}


def _rate(counts: tuple[int, ...]) -> float | None:
    _items, passed, partial, failed, _na = counts
    return compliance_rate(passed, partial, failed)


def tallies_stored() -> dict[tuple[int, int | None], tuple[int, ...]]:
    """The same from the tallies; a tally at zero (its results deleted) counts as absent."""
    zero = dict.fromkeys(COUNTS, 0)
    rows = ResultTally.objects.exclude(**zero).values_list("visit_id", "section_id", *COUNTS)
    totals = VisitTally.objects.exclude(**zero).values_list("visit_id", *COUNTS, "rate")
    return {(visit, section): tuple(counts) for visit, section, *counts in rows} | {
        (visit, None): (*counts, rate) for visit, *counts, rate in totals
    }


def tally_differences() -> list[tuple[tuple[int, int], tuple | None, tuple | None]]:
    """[((visit, section), stored, counted)] where they differ (None = no row)."""
    stored, counted = tallies_stored(), tallies_counted()
    # Each visit has a row from its creation on, zeros until results are recorded.
    for visit in Visit.objects.filter(result_total__isnull=True).values_list("pk", flat=True):
        stored[(visit, None)] = None
        counted.setdefault((visit, None), (*(0,) * len(COUNTS), None))
    keys = sorted(set(stored) | set(counted), key=lambda key: (key[0], key[1] is not None, key[1] or 0))
    return [(key, stored.get(key), counted.get(key)) for key in keys if stored.get(key) != counted.get(key)]


@transaction.atomic
def tallies_recount() -> int:
    """Replace every tally by a recount, with the results locked against writes meanwhile; returns the rows written."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE findings_itemresult IN SHARE MODE")
    ResultTally.objects.all().delete()
    VisitTally.objects.all().delete()
    sections, visits = [], []
    for (visit, section), counts in tallies_counted().items():
        if section is None:
            visits.append(VisitTally(visit_id=visit, **dict(zip((*COUNTS, "rate"), counts, strict=True))))
        else:
            sections.append(ResultTally(visit_id=visit, section_id=section, **dict(zip(COUNTS, counts, strict=True))))
    counted_visits = {tally.visit_id for tally in visits}
    visits += [VisitTally(visit_id=pk) for pk in Visit.objects.values_list("pk", flat=True) if pk not in counted_visits]
    written = ResultTally.objects.bulk_create(sections, batch_size=2000)
    return len(written) + len(VisitTally.objects.bulk_create(visits, batch_size=2000))
