"""The per-(visit, section) result tallies stay equal to a recount whatever writes the results.

They are kept by database triggers (PostgreSQL under CI, SQLite locally), so these tests go
through every kind of write: the workspace's save, QuerySet.update, save(), bulk_create,
delete, a visit's cascading delete, and on PostgreSQL two transactions saving the same section
at once.
"""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from conftest import need_service
from findings.models import ItemResult, ResultTally, VisitTally
from findings.tallies import tallies_counted, tallies_stored
from findings.tests.conftest import result_post
from inspections.models import Visit
from units.models import Agency

recount, tallies = tallies_counted, tallies_stored  # from the item results; as stored


def section_of(row: ItemResult) -> tuple:
    return tallies()[(row.visit_id, row.item.section_id)]


def test_tallies_follow_every_way_results_are_written(client, open_visit, demo):
    assert tallies() == recount() and len(tallies()) > 10  # the demo's closed visits, and this one just started
    rows = list(open_visit.item_results.select_related("item").order_by("pk"))
    first = rows[0]
    items_in_section = sum(1 for r in rows if r.item.section_id == first.item.section_id)
    assert section_of(first) == (items_in_section, 0, 0, 0, 0)

    client.force_login(demo.users["member"])
    response = client.post(
        reverse("findings:item_result_save", args=[first.pk]), result_post(first, result="fail"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert section_of(first) == (items_in_section, 0, 0, 1, 0)

    ItemResult.objects.filter(pk__in=[r.pk for r in rows[:6]]).update(result="pass")
    assert tallies() == recount()
    ItemResult.objects.filter(pk__in=[r.pk for r in rows[3:9]]).update(result="na")
    assert tallies() == recount()
    first.refresh_from_db()
    first.result = "partial"
    first.save()  # as the admin does
    assert section_of(first)[2] == 1 and tallies() == recount()
    ItemResult.objects.filter(pk=rows[1].pk).update(note="chỉ ghi chú")
    assert tallies() == recount()

    gone = [r for r in rows if r.item.section_id == first.item.section_id]
    ItemResult.objects.filter(pk__in=[r.pk for r in gone]).delete()
    assert (open_visit.pk, first.item.section_id) not in tallies() and tallies() == recount()
    ItemResult.objects.bulk_create(
        [ItemResult(visit=open_visit, item=r.item, result="pass" if i % 2 else "fail") for i, r in enumerate(gone)]
    )
    assert tallies() == recount()
    assert section_of(gone[0]) == (len(gone), len(gone) // 2, 0, len(gone) - len(gone) // 2, 0)

    open_visit.actions.all().delete()
    open_visit.delete()
    assert not ResultTally.objects.filter(visit_id=open_visit.pk).exists()
    assert tallies() == recount()


@pytest.mark.services
def test_two_transactions_saving_one_section_at_once_both_count(transactional_db, demo):
    """The second save waits for the first's lock and adds its delta to the committed count, on PostgreSQL."""
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", "concurrent transactions need a server database (set DATABASE_URL)")
    visit = demo.visit("Ngọc Hồi")
    section = visit.item_results.values_list("item__section_id", flat=True).order_by("item__section_id").first()
    rows = list(visit.item_results.filter(item__section_id=section).order_by("pk")[:2])
    ItemResult.objects.filter(pk__in=[r.pk for r in rows]).update(result="fail")
    before = tallies()[(visit.pk, section)]
    first_saved, errors = threading.Event(), []

    def save(row: ItemResult, wait: threading.Event | None) -> None:
        try:
            with transaction.atomic():
                ItemResult.objects.filter(pk=row.pk).update(result="pass")
                if wait is None:
                    first_saved.set()
                    threading.Event().wait(0.5)  # hold the tally's lock while the other transaction saves
                else:
                    wait.wait(5)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(rows[0], None)),
        threading.Thread(target=save, args=(rows[1], first_saved)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    items, passed, partial, failed, na = tallies()[(visit.pk, section)]
    assert (passed, failed) == (before[1] + 2, before[3] - 2)
    assert tallies() == recount()


def test_the_check_command_finds_a_wrong_tally_and_fix_recounts_it(demo):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("result_tallies", stdout=out)
    assert "khớp" in out.getvalue()
    ResultTally.objects.filter(pk=ResultTally.objects.order_by("pk").first().pk).update(passed=99)
    ResultTally.objects.filter(pk=ResultTally.objects.order_by("pk").last().pk).delete()
    VisitTally.objects.filter(visit=demo.visit("Sở Nội vụ")).delete()
    VisitTally.objects.filter(visit=demo.visit("Ngọc Hồi")).update(rate=1.0)
    with pytest.raises(CommandError, match="4 dòng tổng hợp kết quả lệch"):
        call_command("result_tallies", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("result_tallies", "--fix", stdout=out)
    assert "Đã đếm lại" in out.getvalue() and "khớp" in out.getvalue()
    assert tallies() == recount() and len(tallies()) > 10
    assert VisitTally.objects.count() == Visit.objects.count()


def test_a_new_visit_has_its_zero_tally_and_is_listed_last_in_the_visits_drill_down(client, demo):
    from datetime import date

    visit = Visit.objects.create(
        plan=demo.plan,
        agency=Agency.objects.exclude(visits__plan=demo.plan).order_by("pk").first(),
        planned_start=date(2020, 8, 27),
        planned_end=date(2020, 8, 27),
    )
    total = VisitTally.objects.get(visit=visit)
    assert (total.items, total.passed, total.rate) == (0, 0, None)
    client.force_login(demo.users["office"])
    rows = client.get(reverse("dashboards:visits"), {"year": 2020}).context["page"].object_list
    assert [v.pk for v in rows][-1] == visit.pk and rows[0].rate is not None
