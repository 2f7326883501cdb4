"""The editor's checks panel and the page tell the same reading time for the seed article."""

import pytest
from playwright.sync_api import expect

from .conftest import log_in_as_new_superuser

pytestmark = pytest.mark.django_db(transaction=True)


def test_checks_panel_counts_the_articles_text_and_agrees_with_the_page(demo_site, page):
    from blog.models import ArticlePage

    article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in_as_new_superuser(page, demo_site.url, "redakteurin")
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    page.click('[data-side-panel-toggle="checks"]')
    # Without the page's marker the panel counts all of <main>, byline, comments and related articles too (789).
    expect(page.locator("[data-content-word-count]")).to_have_text("379", timeout=60_000)
    expect(page.locator("[data-content-reading-time]")).to_have_text("1 Min.")
    page.goto(demo_site.url + article.url)
    expect(page.locator(".article__header")).to_contain_text("Lesezeit: 1 Minute")


def test_the_checks_panel_flags_nothing_editors_did_not_write(demo_site, page):
    """The seed article has no accessibility problem of its own: the site title in the header („Missbrauch von
    Absätzen als Überschriften“) and the readers' comments below it are the templates' business."""
    from blog.models import ArticlePage

    article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
    assert article.reader_comments.exists()
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in_as_new_superuser(page, demo_site.url, "redakteurin")
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    page.click('[data-side-panel-toggle="checks"]')
    panel = page.locator('[data-side-panel="checks"]')
    # The checks have run once the word count is in.
    expect(page.locator("[data-content-word-count]")).to_have_text("379", timeout=60_000)
    expect(panel.locator("[data-content-checker-count]")).to_have_text("0")
    expect(panel).not_to_contain_text("Missbrauch von Absätzen als Überschriften")
