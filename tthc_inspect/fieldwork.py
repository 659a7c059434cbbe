"""Fieldwork that never loses work (issue 17): the server's side of it.

- ``FragmentSessionMiddleware``: an htmx request (or a change sent from the offline outbox) whose
  session expired gets ``401`` with ``X-Session-Expired: session`` instead of a redirect to the
  login page, which the browser would follow and htmx would swap into the fragment.
- ``csrf_failure``: the same for a CSRF failure (``403``, ``X-Session-Expired: csrf``), e.g. a page
  whose token was rotated by signing in again in another tab; full pages keep Django's page.
- ``session_state``: whether the browser is signed in, as whom, and a fresh CSRF token, so a page
  can save again (or replay its outbox) after the user signed in again in another tab.
- ``service_worker`` and ``manifest``: the offline app shell (``static/js/sw.js``, served from the
  root so its scope is the whole site) and the Web App Manifest.
"""

import json
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render, resolve_url
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

EXPIRED_HEADER = "X-Session-Expired"


def is_fragment_request(request) -> bool:
    return request.headers.get("HX-Request") == "true" or request.headers.get("X-Outbox") == "1"


def _expired(reason: str, status: int) -> HttpResponse:
    response = HttpResponse(_("Phiên làm việc đã hết hạn."), status=status, content_type="text/plain; charset=utf-8")
    response[EXPIRED_HEADER] = reason
    response["Cache-Control"] = "no-store"
    return response


class FragmentSessionMiddleware:
    """A fragment answered by a redirect to the login page becomes 401 (no login page in a fragment)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        redirect = response.status_code in (301, 302, 303) and is_fragment_request(request)
        if redirect and urlparse(response.get("Location", "")).path == resolve_url(settings.LOGIN_URL):
            return _expired("session", 401)
        return response


def csrf_failure(request, reason=""):
    if is_fragment_request(request):
        return _expired("csrf", 403)
    return csrf.csrf_failure(request, reason=reason)


@never_cache
@require_GET
def session_state(request):
    user = request.user
    return JsonResponse(
        {
            "authenticated": user.is_authenticated,
            "user": user.pk if user.is_authenticated else None,
            "csrf": get_token(request),
        }
    )


@login_required
def signed_in_again(request):
    """Where the sign-in tab opened by "Đăng nhập lại" lands: it tells the waiting page, then closes."""
    return render(request, "fieldwork/signed_in_again.html")


@never_cache
def service_worker(request):
    path = finders.find("js/sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request):
    data = {
        "name": _("Kiểm tra công tác kiểm soát TTHC"),
        "short_name": _("Kiểm tra KSTTHC"),
        "lang": "vi",
        "start_url": resolve_url("inspections:plan_list"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
