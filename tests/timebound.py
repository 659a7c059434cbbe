"""A time bound for code that once hung: the test fails after ``seconds`` instead of blocking CI.

SIGALRM interrupts the test's own (main) thread at the next bytecode, so a pure-Python loop such
as pygal's title splitting stops and its memory is freed. ``Hung`` is a BaseException so that no
``except Exception`` on the way (Django's request handler turns those into a 500) can swallow it.
"""

import contextlib
import signal
import threading

import pytest


class Hung(BaseException):
    pass


@contextlib.contextmanager
def time_bound(seconds: float, what: str):
    if threading.current_thread() is not threading.main_thread():  # pragma: no cover - pytest runs tests there
        raise RuntimeError("time_bound needs the main thread (SIGALRM)")

    def interrupt(signum, frame):
        raise Hung(f"{what}: no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Hung as exc:
        pytest.fail(str(exc), pytrace=False)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
