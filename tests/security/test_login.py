"""Login: throttling per username and client IP (also behind a proxy), safe `next`, CSRF."""

from django.test import Client, override_settings
from django.urls import reverse

from findings.models import Finding

LOGIN = "/dang-nhap/"


def attempt(client, password, ip="198.51.100.7", username="office", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def test_five_failures_lock_the_username_and_ip_for_15_minutes(client, demo, settings):
    for _ in range(4):
        assert attempt(client, "sai").status_code == 200
    response = attempt(client, "sai")
    assert response.status_code == 429
    page = response.content.decode()
    assert "đăng nhập sai 5 lần" in page and "tạm khóa 15 phút" in page
    assert attempt(client, settings.DEMO_PASSWORD).status_code == 429  # even the right password now
    other_ip = Client()
    assert attempt(other_ip, settings.DEMO_PASSWORD, ip="198.51.100.8").status_code == 302  # another IP is not locked


def test_a_wrong_password_says_so_in_vietnamese(client, demo):
    page = attempt(client, "sai").content.decode()
    assert "mật khẩu chính xác" in page


@override_settings(DJANGO_PROXY_COUNT=1)
def test_behind_a_proxy_the_client_ip_comes_from_x_forwarded_for(client, demo, settings):
    proxy = "10.0.0.2"  # every request arrives from nginx, which appends the client's address
    for index in range(5):  # the attacker forges the left part of the header: ignored
        attempt(client, "sai", ip=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{index}, 203.0.113.50")
    assert attempt(client, "sai", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50").status_code == 429
    # another user's machine behind the same proxy is not locked out
    response = attempt(Client(), settings.DEMO_PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.51")
    assert response.status_code == 302


def test_login_refuses_to_redirect_off_site(client, demo, settings):
    for target in ["https://evil.example/", "//evil.example/x", "http://169.254.169.254/", "javascript:alert(1)"]:
        response = client.post(
            f"{LOGIN}?next={target}",
            {"username": "office", "password": settings.DEMO_PASSWORD, "next": target},
            REMOTE_ADDR="198.51.100.9",
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:home"), target  # "Việc của tôi", never the target
        client.logout()


def test_every_form_post_needs_the_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.users["member"])
    visit = demo.visit("Ngọc Hồi")
    for url, data in [
        (reverse("findings:finding_create", args=[visit.pk]), {"kind": "strength", "description": "x", "revision": 0}),
        (reverse("notices:read_all"), {}),
        (reverse("inspections:plan_create"), {}),
        (reverse("reports:report_request", args=[demo.plan.pk]), {}),
        (reverse("logout"), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 403 and b"CSRF" in response.content, url
    assert not Finding.objects.filter(description="x").exists()


def test_logout_is_post_only(client, demo):
    client.force_login(demo.users["office"])
    assert client.get(reverse("logout")).status_code == 405
