"""The client's IP address, for login throttling (django-axes) and logs.

Without a reverse proxy it is REMOTE_ADDR. With DJANGO_PROXY_COUNT = N trusted proxies
in front (nginx: ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;``), each
proxy appends the address it received the request from, so the client is the N-th entry
from the right of X-Forwarded-For. Entries further left were written by the client and
can be forged; they are ignored.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "DJANGO_PROXY_COUNT", 0)
    if not proxies:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < proxies:
        return remote
    return chain[-proxies]
