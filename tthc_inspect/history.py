"""Who is acting, for the audit trail, when code runs outside a web request.

django-simple-history takes the user from the request (HistoryRequestMiddleware). Service
functions also run from Celery tasks, management commands and tests; ``records_user``
makes them record the ``user`` they were given whenever no request is active.
"""

import functools
from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords


@contextmanager
def acting_as(user):
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None or user is None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


def records_user(function):
    """Decorator for services taking ``user=``: their saves are recorded as that user's."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with acting_as(kwargs.get("user")):
            return function(*args, **kwargs)

    return wrapper
