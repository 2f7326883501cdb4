"""A reader finds articles: home → category archive → article → related article → search, by mouse and keyboard.

Every page on the way passes axe-core without serious or critical findings.
"""

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, name, limit=80):
    """Press Tab until the link called ``name`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent.trim()")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_reader_discovers_articles_through_archives_related_articles_and_search(demo_site, page):
    page.goto(demo_site.url + "/")
    assert_no_serious_axe_violations(page)
    page.get_by_role("region", name="Kategorien").get_by_role("link", name="Kundenbeziehung").click()
    page.wait_for_url("**/artikel/kategorie/kundenbeziehung/")
    expect(page.locator("h1")).to_have_text("Kategorie: Kundenbeziehung")
    assert_no_serious_axe_violations(page)

    tab_to(page, "Muss man seine Kunden lieben?")
    page.keyboard.press("Enter")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/")
    related = page.get_by_role("region", name="Das könnte Sie auch interessieren")
    expect(related.get_by_role("listitem")).to_have_count(3)
    assert_no_serious_axe_violations(page)

    first_related = related.get_by_role("link").first
    title = first_related.inner_text()
    first_related.click()
    # wait_for_load_state() alone may answer for the page still shown; the heading changes with the navigation.
    expect(page.locator("h1")).to_have_text(title)
    assert_no_serious_axe_violations(page)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Suche").click()
    page.get_by_label("Suchbegriff").fill("Kunden")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suche/?q=Kunden")
    assert page.locator("mark").first.inner_text().lower().startswith("kunde")
    assert_no_serious_axe_violations(page)


def test_discovery_pages_have_no_serious_accessibility_violations(demo_site, page):
    """One demo site for all pages: building it is the slow part."""
    for path in (
        "/artikel/kategorie/kundenbeziehung/",
        "/artikel/schlagwort/kunden/",
        "/artikel/autor/sabine-krueger/",
        "/artikel/archiv/2025/",
        "/suche/",
        "/suche/?q=Quantenphysik",
        "/en/articles/category/client-relations/",
        "/en/search/?q=clients",
    ):
        response = page.goto(demo_site.url + path)
        assert response.status == 200, path
        assert_no_serious_axe_violations(page)
