"""A reader opens the blog, follows a link to the seed article; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from .conftest import PUBLIC_PAGES, assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_goes_from_home_to_the_seed_article(demo_site, page):
    page.goto(demo_site.url + "/")
    assert page.locator(".site-title").inner_text() == "Das Blog rund ums Büro"
    page.get_by_role("link", name="Alle Artikel").click()
    page.get_by_role("link", name="Muss man seine Kunden lieben?").click()
    page.wait_for_url("**/muss-man-seine-kunden-lieben/")
    assert page.locator("h1").inner_text() == "Muss man seine Kunden lieben?"
    for heading in (
        "Müssen Dienstleister ihre Kunden mögen?",
        "Kommunikation ist keine Einbahnstraße",
        "Eine wertschätzende Einstellung gewinnen",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("man kann sie durchaus beeinflussen.")).to_be_visible()


def test_public_pages_have_no_serious_accessibility_violations(demo_site, page):
    """One demo site for all pages: building it is the slow part."""
    for path in PUBLIC_PAGES:
        response = page.goto(demo_site.url + path)
        assert response.status == 200, path
        assert_no_serious_axe_violations(page)
