"""A short-lived cache of the dashboards' aggregates, invalidated by a data version read on every request.

The version is one query of index-only lookups: the highest id of the rows the figures count
(item results, findings, actions, visits, plans, agencies) and the highest id of their
django-simple-history tables. Every save or delete made through the ORM (forms, services,
admin) writes a history row, and every insert, even ``bulk_create``, raises a max id; so when
anything a figure depends on changes, the key changes and the figures are recomputed on the
next request. The key also holds the filter, who is looking (everything, or this user's own
scope), the language (labels are translated) and today's date (overdue counts change at
midnight). Entries expire after ``settings.DASHBOARD_CACHE_SECONDS`` (default 300; 0 turns the cache off), which bounds
what the version cannot see (a raw SQL update).

The filter's option lists (plans, areas) are cached the same way under their own version
(``choices_version``), even when the figures are not.

The cache is Django's default cache: per process with the default local-memory backend, shared
with Redis or memcached if CACHES says so. No signal handler is involved.

A cache outage never breaks a page (issue 13): every cache call goes through ``_cache_call``,
which turns any error of the cache (server stopped, timeout) into a miss, logs it, and leaves
that cache alone for ``OUTAGE_PAUSE`` seconds so that pages do not each wait for a connect
timeout; the figures are computed meanwhile, as with the cache off.
"""

import hashlib
import logging
import time
import weakref

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation

from findings.models import Finding, ItemResult, RemediationAction
from inspections.models import Plan, Visit
from units.models import AdminArea, Agency
from units.roles import sees_everything

VERSIONED = (ItemResult, Finding, RemediationAction, Visit, Plan)
OUTAGE_PAUSE = 10  # seconds a failing cache is left alone before it is tried again
logger = logging.getLogger(__name__)
_paused_until: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # cache backend → monotonic time


def cache_seconds() -> int:
    return settings.DASHBOARD_CACHE_SECONDS


def data_version() -> tuple:
    """One query: max ids of the counted tables and of their history tables."""
    tables = []
    for model in VERSIONED:
        tables += [(model._meta.db_table, "id"), (model.history.model._meta.db_table, "history_id")]
    tables.append((Agency._meta.db_table, "id"))
    return _max_ids(tables)


def choices_version() -> tuple:
    """One query: what the filter's plan and area options are made of (plans, their history, areas, agencies)."""
    return _max_ids(
        [
            (Plan._meta.db_table, "id"),
            (Plan.history.model._meta.db_table, "history_id"),
            (AdminArea._meta.db_table, "id"),
            (Agency._meta.db_table, "id"),
        ]
    )


def _max_ids(tables: list[tuple[str, str]]) -> tuple:
    quote = connection.ops.quote_name
    # Table and column names come from the models, never from input.
    parts = [f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def viewer(user) -> str:
    return "all" if sees_everything(user) else f"user:{user.pk}"


def _cache_call(method: str, *args):
    """``cache.<method>(*args)``, or None when the cache fails: a cache is never worth an error page."""
    cache = caches["default"]  # per thread; a new object when CACHES changes
    if time.monotonic() < _paused_until.get(cache, 0):
        return None
    try:
        return getattr(cache, method)(*args)
    except Exception as exc:  # any backend's error (redis, memcached, OSError): compute instead
        _paused_until[cache] = time.monotonic() + OUTAGE_PAUSE
        logger.warning("Cache unavailable (%s: %s); figures computed for %d s", type(exc).__name__, exc, OUTAGE_PAUSE)
        return None


def _get_or_compute(parts: tuple, seconds: int, compute):
    """``compute()``, or its value cached under a hash of ``parts`` and the active language for ``seconds``
    (the values hold translated labels: an English page must not fill a Vietnamese one's cache)."""
    key = "dashboards:" + hashlib.sha256(repr((translation.get_language(), *parts)).encode()).hexdigest()
    value = _cache_call("get", key)
    if value is None:
        value = compute()
        _cache_call("set", key, value, seconds)
    return value


def cached(name: str, *, user, scope, today, compute):
    """``compute()`` or its cached value for (name, viewer, scope, today, data version)."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    return _get_or_compute((name, viewer(user), scope, today, data_version()), seconds, compute)


CHOICES_SECONDS = 3600


def cached_choices(*, user, parts: tuple, compute):
    """The filter's option lists for (viewer, ``parts``, choices version), cached for an hour at most.

    Kept apart from ``DASHBOARD_CACHE_SECONDS``: these are reference lists, not figures, so they are
    cached even when the figures are not. An area or agency renamed in place (no new row) shows
    its old name here for up to an hour.
    """
    # Read once per request (the user object lives for one request): the filter asks twice.
    version = getattr(user, "_tthc_choices_version", None)
    if version is None:
        version = user._tthc_choices_version = choices_version()
    return _get_or_compute(("choices", viewer(user), parts, version), CHOICES_SECONDS, compute)
