"""Project middleware: Vietnamese-first language choice and idle-session renewal.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office
PC with an English Windows would get English pages; here only the language the
user picked with the switch (stored in the language cookie) changes it.
"""

import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SessionRenewalMiddleware:
    """Push a session's idle expiry forward at most once per ``SESSION_RENEW_SECONDS``.

    ``SESSION_SAVE_EVERY_REQUEST`` would write the session row (a transaction) on every page
    and every htmx save; renewing once a minute keeps the idle timeout (``SESSION_COOKIE_AGE``)
    within a minute of exact for one write per minute per user. Placed after SessionMiddleware,
    so the session it marks as modified is saved by it.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A cookie naming an expired session loads as empty: nothing to renew, and no new row for it.
        # (Sessions are not iterable: ``keys()`` it is.)
        if session is not None and not session.is_empty() and any(k != self.KEY for k in session.keys()):  # noqa: SIM118
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now
        return response
