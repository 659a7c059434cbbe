"""Personal API tokens: made on the tokens page (shown once, stored hashed), scoped, expiring, revocable,
rate-limited per token; the session works for the site's JavaScript with CSRF enforced."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, key_hash
from api.tests.helpers import auth, token_key
from api.throttling import TokenRateThrottle

pytestmark = pytest.mark.django_db
PLANS = "/api/v1/plans/"


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_page_shows_a_new_key_once_and_stores_only_its_hash(client, demo):
    office = demo.users["office"]
    client.force_login(office)
    response = client.post(reverse("tokens:list"), {"name": "Một cửa", "scope": "write", "days": 30})
    key = re.search(r'id="new-api-key">(tthc_[\w-]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=office)
    assert (token.name, token.scope, token.key_hash) == ("Một cửa", "write", key_hash(key))
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.key_start == key[5:13] and key[5:13] in client.get(reverse("tokens:list")).content.decode()
    assert key not in client.get(reverse("tokens:list")).content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert not token.history.filter(history_type="+").values().get().get("key_hash")
    assert Client().get(PLANS, **bearer(key)).status_code == 200


def test_the_form_refuses_a_validity_out_of_range(client, demo):
    client.force_login(demo.users["office"])
    response = client.post(reverse("tokens:list"), {"name": "x", "scope": "read", "days": 1000})
    assert "366" in response.content.decode() and not ApiToken.objects.exists()


def test_revoked_expired_inactive_and_unknown_keys_are_401(client, demo):
    office = demo.users["office"]
    keys = {name: token_key(office) for name in ("revoked", "expired", "ok")}
    client.force_login(office)
    revoked = ApiToken.objects.get(key_hash=key_hash(keys["revoked"]))
    assert client.post(reverse("tokens:revoke", args=[revoked.pk])).status_code == 302
    ApiToken.objects.filter(key_hash=key_hash(keys["expired"])).update(expires_at=timezone.now())
    anonymous = Client()
    assert anonymous.get(PLANS, **bearer(keys["ok"])).status_code == 200
    for key in (keys["revoked"], keys["expired"], "tthc_unknown", "nottthc", keys["ok"] + "x"):
        response = anonymous.get(PLANS, **bearer(key))
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer"), key
    office.is_active = False
    office.save()
    assert anonymous.get(PLANS, **bearer(keys["ok"])).status_code == 401
    assert anonymous.get(PLANS).status_code == 401


def test_another_users_token_cannot_be_revoked(client, demo):
    key = token_key(demo.users["office"])
    client.force_login(demo.users["member"])
    token = ApiToken.objects.get(key_hash=key_hash(key))
    assert client.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_last_use_is_recorded(demo):
    key = token_key(demo.users["leader"])
    Client().get(PLANS, **bearer(key))
    assert ApiToken.objects.get(key_hash=key_hash(key)).last_used_at is not None


def test_session_reads_and_writes_only_with_the_csrf_token(demo):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(demo.users["office"])
    assert browser.get(PLANS).status_code == 200
    response = browser.post(PLANS, content_type="application/json")  # refused before any handler runs
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_rate_limited_per_token(monkeypatch, demo):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    first, second = auth(demo.users["leader"]), auth(demo.users["leader"])
    client = Client()
    assert [client.get(PLANS, **first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(PLANS, **second).status_code == 200  # another token has its own count
    assert "Retry-After" in client.get(PLANS, **first)


def test_token_expiry_is_the_chosen_days(demo):
    key = token_key(demo.users["office"], days=7)
    token = ApiToken.objects.get(key_hash=key_hash(key))
    assert abs(token.expires_at - timezone.now() - datetime.timedelta(days=7)) < datetime.timedelta(minutes=1)
