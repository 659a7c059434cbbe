"""Signing a locust FastHttpUser in with a session cookie the benchmark created (no login round trip).

FastHttpUser (geventhttpclient) costs the load generator several times less CPU per request than
HttpUser (requests), which matters when locust shares the cores with the server it measures.
"""

from requests.cookies import create_cookie


def sign_in(client, **cookies: str) -> None:
    for name, value in cookies.items():
        client.cookiejar.set_cookie(create_cookie(name, value, domain="127.0.0.1"))
