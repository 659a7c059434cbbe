"""Idle sessions: renewed by use (at most one write a minute), ended after SESSION_IDLE_TIMEOUT without a request."""

import datetime
from unittest import mock

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

PAGE = "inspections:plan_list"


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])


def test_a_session_is_written_once_a_minute_not_on_every_page(client, demo, settings):
    settings.SESSION_RENEW_SECONDS = 60
    client.force_login(demo.users["office"])
    url = reverse(PAGE)
    start = 1_900_000_000
    with mock.patch("tthc_inspect.middleware.time.time", return_value=start):
        assert _session_writes(client, url) == 1  # first page after login: renewed
        assert _session_writes(client, url) == 0
    with mock.patch("tthc_inspect.middleware.time.time", return_value=start + 59):
        assert _session_writes(client, url) == 0
    with mock.patch("tthc_inspect.middleware.time.time", return_value=start + 60):
        assert _session_writes(client, url) == 1


def test_renewal_pushes_the_idle_expiry_forward(client, demo, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.force_login(demo.users["office"])
    key = client.session.session_key
    soon = timezone.now() + datetime.timedelta(minutes=2)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get(reverse(PAGE))  # the first request renews: 30 minutes from now again
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + datetime.timedelta(minutes=29)


def test_an_idle_session_ends_and_the_user_is_sent_to_log_in(client, demo):
    client.force_login(demo.users["office"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse(PAGE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_get_no_session_row(client, demo):
    before = Session.objects.count()
    client.get(reverse("login"))
    assert Session.objects.count() == before


def test_an_expired_session_cookie_is_not_renewed_into_a_new_row(rf, db):
    """Even when nothing else in the request loaded the session before the renewal looks at it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from tthc_inspect.middleware import SessionRenewalMiddleware

    request = rf.get("/")
    request.session = SessionStore("no-such-session-key-0123456789")
    SessionRenewalMiddleware(lambda r: HttpResponse())(request)
    assert not request.session.modified
    assert request.session.is_empty()
