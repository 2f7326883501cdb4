"""Playwright against Debian's Chromium and Django's live server.

Skipped with a visible reason when no Chromium is installed, unless REQUIRE_BROWSER=1 makes that a failure.
"""

import os
import shutil
import sqlite3
from unittest import mock

from django.contrib.auth import get_user_model

import pytest
from django_recaptcha.client import RecaptchaResponse

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found (install Debian's chromium package or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


ARTICLE = "/artikel/muss-man-seine-kunden-lieben/"
THIRD_PARTIES = ("google.com", "gstatic.com", "recaptcha.net")
PASSWORD = "ein-sicheres-Passwort-2026"
# The pages every reader meets, in both languages: each must pass the CSP and axe-core.
PUBLIC_PAGES = ["/", "/artikel/", ARTICLE, "/impressum/", "/en/", "/suche/?q=Kunden"]


_demo_snapshot = {}


@pytest.fixture
def demo_site(live_server):
    """The demo content on the live server. The flush between transactional tests also removes what the migrations
    made (locales, root page, root collection); the builder recreates those.

    Building it is the slow part of a browser test (about 10 s). On SQLite it is built once per run: a copy of the
    database taken after the first build is restored for each later test, byte for byte, ids included. On other
    databases it is built for each test."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.db import connection

    from home.demo.builder import DemoBuilder

    if connection.vendor == "sqlite" and "copy" in _demo_snapshot:
        connection.ensure_connection()
        _demo_snapshot["copy"].backup(connection.connection)
        # The flush and the migrations' signals since then made content types with other ids; caches hold those.
        ContentType.objects.clear_cache()
        for backend in caches.all():
            backend.clear()
        return live_server
    DemoBuilder().build()
    if connection.vendor == "sqlite":
        _demo_snapshot["copy"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_snapshot["copy"])
    return live_server


@pytest.fixture
def comments_site(demo_site, settings):
    """The demo site with reCAPTCHA verification patched (the browser cannot reach Google) and quick readers."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    with mock.patch(
        "django_recaptcha.fields.client.submit", return_value=RecaptchaResponse(is_valid=True, action="comment")
    ):
        yield demo_site


def log_in(page, base_url, username, password=PASSWORD):
    """Sign in through the admin's German login form."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def log_in_as_new_superuser(page, base_url, username="redaktion", **fields):
    """Create an editor with every right and sign in as them."""
    get_user_model().objects.create_superuser(username, f"{username}@example.org", PASSWORD, **fields)
    log_in(page, base_url, username)


def is_third_party(url):
    return any(domain in url.split("/")[2] for domain in THIRD_PARTIES)


def block_third_parties(page):
    """Record and refuse every request to Google: the test must not depend on the internet."""
    attempts = []

    def refuse(route):
        attempts.append(route.request.url)
        route.abort()

    page.route("**/*", lambda route: refuse(route) if is_third_party(route.request.url) else route.continue_())
    return attempts


def fill_comment(page, text, name="Petra Hansen", email="petra@example.org"):
    page.get_by_role("textbox", name="Kommentar", exact=True).fill(text)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="E-Mail", exact=True).fill(email)


def write_comment(page, text, name="Petra Hansen", email="petra@example.org"):
    """Fill in the comment form as a reader whom Google's checkbox let through, and send it."""
    fill_comment(page, text, name, email)
    # What Google's widget would leave in the form once solved; the server's verification is patched.
    page.evaluate(
        """() => {
            const input = document.createElement('input');
            input.type = 'hidden'; input.name = 'g-recaptcha-response'; input.value = 'browser-test-token';
            document.querySelector('#commentform').append(input);
        }"""
    )
    page.get_by_role("button", name="Kommentar abschicken").click()


def assert_no_serious_axe_violations(page):
    """Run axe-core (shipped with axe-playwright-python, no download) and fail on serious or critical findings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        violation for violation in results.response["violations"] if violation.get("impact") in {"serious", "critical"}
    ]
    details = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in serious
    )
    assert not serious, f"axe-core found serious or critical violations on {page.url}:\n{details}"


def wait_until(page, condition, timeout=10.0, message="condition"):
    """Wait, bounded, until ``condition()`` (plain Python) is true.

    Playwright's ``wait_for_function`` with a string runs it through ``eval``, which the site's Content-Security-Policy
    forbids, so it fails depending on timing. This polls from Python instead; ``wait_for_timeout`` lets Playwright
    deliver route and console events meanwhile.
    """
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        page.wait_for_timeout(50)
