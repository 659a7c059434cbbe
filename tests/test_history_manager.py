"""``obj.history`` builds its manager class once (issue 22) and still reads that object's records."""

import pytest
from simple_history.manager import HistoryDescriptor

from findings.models import ItemResult
from tthc_inspect.history import OneManagerClassDescriptor
from units.models import Agency


def test_every_tracked_model_reuses_one_history_manager_class():
    for model in (ItemResult, Agency):
        assert isinstance(model.__dict__["history"], OneManagerClassDescriptor)
        assert type(model.history) is type(model.history)
    # simple-history's own descriptor makes a new class on each access: what the subclass avoids
    plain = HistoryDescriptor(Agency.history.model)
    assert type(plain.__get__(None, Agency)) is not type(plain.__get__(None, Agency))


@pytest.mark.django_db
def test_the_reused_manager_still_reads_only_its_objects_records():
    first = Agency.objects.create(name="Sở Tư pháp", kind="department")
    second = Agency.objects.create(name="Sở Nội vụ", kind="department")
    first.name = "Sở Tư pháp tỉnh"
    first.save()
    assert [r.name for r in first.history.order_by("history_id")] == ["Sở Tư pháp", "Sở Tư pháp tỉnh"]
    assert [r.name for r in second.history.all()] == ["Sở Nội vụ"]
    assert Agency.history.filter(id__in=[first.pk, second.pk]).count() == 3
