"""Names as of a date: a document prints each agency under the name it had on the document's date.

``agency_names_on(day)`` loads, in one query, every kept name (``AgencyName``) valid that day; while
it is active every ``Agency`` read from the database takes that name, short name, kind and parent id
(``Agency.from_db``), so the document builders print dated names without changing a line. Such a row
refuses to be saved. ``agency_name_keep`` is called by the directory's save when a name changes.
"""

import contextvars
import datetime
from contextlib import contextmanager

from units.models import Agency, AgencyName

DAY = datetime.timedelta(days=1)
_dated: contextvars.ContextVar = contextvars.ContextVar("agency_names_on", default=None)


@contextmanager
def agency_names_on(day: datetime.date):
    names = {n.agency_id: n for n in AgencyName.objects.valid_on(day)}
    token = _dated.set((day, names))
    try:
        yield
    finally:
        _dated.reset(token)


def dated_names_apply(agency: Agency) -> None:
    state = _dated.get()
    if state is None:
        return
    day, names = state
    kept = names.get(agency.pk)
    if kept is not None:
        agency.name, agency.short_name, agency.kind = kept.name, kept.short_name, kept.kind
        agency.parent_id = kept.parent_id
    agency.names_as_of = day


KEPT_FIELDS = ("name", "short_name", "kind", "parent_id")


def agency_name_keep(*, before: Agency, after: Agency, since: datetime.date) -> AgencyName | None:
    """Keep ``before``'s name (and kind, parent) as valid until the day before ``since``, if it changed."""
    if all(getattr(before, f) == getattr(after, f) for f in KEPT_FIELDS):
        return None
    last = AgencyName.objects.filter(agency_id=after.pk).order_by("-valid_to", "-pk").first()
    start = last.valid_to + DAY if last else before.valid_from
    end = since - DAY
    if start and end < start:  # renamed twice on a day: the earlier name is replaced
        return None
    return AgencyName.objects.create(
        agency_id=after.pk,
        name=before.name,
        short_name=before.short_name,
        kind=before.kind,
        parent_id=before.parent_id,
        valid_from=start,
        valid_to=end,
    )
