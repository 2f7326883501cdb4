"""Playwright against Debian's Chromium and Django's live server.

Skipped with a visible reason when no Chromium is installed, unless REQUIRE_BROWSER=1 makes that a failure.
"""

import os
import shutil

import pytest

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


@pytest.fixture
def demo_site(live_server):
    """The demo content on the live server. The flush between transactional tests also removes what the migrations
    made (locales, root page, root collection); the builder recreates those."""
    from home.demo.builder import DemoBuilder

    DemoBuilder().build()
    return live_server


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
