"""What a request cost the web worker, for the load suite (bench/suite.py; issue 22): its CPU time and
the time spent in SQL, answered as a standard ``Server-Timing`` header (``cpu;dur=12.3, sql;dur=4.1``).

Off unless ``TTHC_REQUEST_COST=1`` (``settings.REQUEST_COST``): the figures tell an outsider how long
the server worked, so production does not send them. CPU is the worker thread's own time
(``time.thread_time``), which with gunicorn's sync workers is the request's: waiting is not counted,
though processes sharing the cores still make it vary (bench/README.md); SQL is wall time around each
query (the database's work plus the round trip), so it overlaps the driver's share of the CPU.
"""

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections


class SqlTimer:
    """A database execute wrapper that adds up the time of the queries run through it."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


class RequestCostMiddleware:
    def __init__(self, get_response):
        if not settings.REQUEST_COST:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        timer = SqlTimer()
        started = time.thread_time()
        wrappers = [connection.execute_wrapper(timer) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        cpu_ms = (time.thread_time() - started) * 1000
        response["Server-Timing"] = (
            f"cpu;dur={cpu_ms:.1f}, sql;dur={timer.seconds * 1000:.1f}, queries;dur={timer.queries}"
        )
        return response
