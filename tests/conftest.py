"""Browser fixtures: Playwright driving Debian's chromium against the live test server."""

import os
import shutil
import threading
import time

import pytest

from conftest import need_service

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures in the same thread are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        need_service("Chromium", "install Debian's chromium (the test command does) or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class InFlight:
    """The live server's application, counting the requests it is still serving.

    A page left polling or loading its charts at the end of a test keeps a request reading the
    database while the test's flush truncates it, and PostgreSQL ends one of them as a deadlock.
    The page fixture waits for the count to reach zero before the flush.
    """

    def __init__(self, app):
        self.app, self.count, self.lock = app, 0, threading.Lock()

    def _done(self):
        with self.lock:
            self.count -= 1

    def __call__(self, environ, start_response):
        with self.lock:
            self.count += 1
        try:
            return Closing(self.app(environ, start_response), self._done)
        except BaseException:
            self._done()
            raise

    def wait_idle(self, seconds: float = 10.0) -> None:
        deadline = time.monotonic() + seconds
        while self.count > 0 and time.monotonic() < deadline:
            time.sleep(0.05)


class Closing:
    """A response body that tells its owner when the server has closed it (the request is over)."""

    def __init__(self, body, on_close):
        self.body, self.on_close = body, on_close

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close()


def in_flight(live_server) -> InFlight:
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, InFlight):
        app = InFlight(app)
        httpd.set_app(app)
    return app


@pytest.fixture
def page(browser, live_server):
    requests = in_flight(live_server)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    page.goto("about:blank")  # no more polling or chart loads
    requests.wait_idle()
    context.close()


def login(page, username: str, password: str = "demo-2020") -> None:  # noqa: S107 - the documented demo password
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
