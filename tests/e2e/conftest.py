"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never a browser downloaded by Playwright: ``executable_path`` is the distribution's Chromium
(``apt-get install -y chromium fonts-noto-cjk``). Fixtures for later tests: ``browser``, ``page``
(a fresh context), ``page_errors`` (console errors and uncaught exceptions, CSP
refusals included), ``live_site`` (the demo site served live) and ``screenshot``.
"""

import os
import re
import tempfile
from pathlib import Path

import pytest

from tests.services import skip_or_fail

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots are for humans to look at; they are written outside the repository.
SCREENSHOT_DIR = Path(os.environ.get("SHUYONG_SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "shuyong-screenshots"))


def save_screenshot(page, path):
    """Write a full-page PNG of ``page`` to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so that the page fixture can tell whether it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser():
    """Chromium for one test.

    Per test, not per session: while Playwright's sync API runs, its event loop makes Django treat
    this thread as async code, with a separate set of database connections. Started after the test
    database is set up and stopped before it is emptied, the browser keeps pytest-django's set-up
    and teardown (serialized rollback included) on the usual connections.
    """
    if not os.access(CHROMIUM, os.X_OK):
        skip_or_fail(f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Database calls from the test while the browser runs would be refused as "async unsafe";
    # nothing here is async, so allow them for the browser's lifetime only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                # The connections opened while the loop ran; left open, PostgreSQL would refuse to
                # drop the test database at the end of the session.
                connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        path = save_screenshot(page, SCREENSHOT_DIR / f"FAILED-{_file_name(request.node.name)}.png")
        print(f"screenshot of the failed page: {path}")
    context.close()


@pytest.fixture
def page_errors(page):
    """Console errors and uncaught exceptions of ``page`` (a CSP refusal is a console error)."""
    errors = []

    def on_console(message):
        if message.type == "error":
            # "Failed to load resource" does not say which one; the location does.
            errors.append(f"{message.text} [{message.location.get('url', '')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


@pytest.fixture
def screenshot(page, request):
    """``screenshot("step")`` saves the page to <SCREENSHOT_DIR>/<test>-step.png and returns the path."""

    def take(label="page"):
        return save_screenshot(page, SCREENSHOT_DIR / f"{_file_name(request.node.name)}-{label}.png")

    return take


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback):
    """The demo site (home, about, admin and editor logins) served by the live server; its URL.

    Live-server tests are transactional: the database is emptied after each one. Serialized rollback
    restores what migrations created (Wagtail's root page, groups) before the next one.
    """
    from cms.demo import load_site

    load_site(None, {})
    return live_server.url


def _file_name(test_name):
    return re.sub(r"[^\w.-]+", "_", test_name)
