"""Categories and tags in the article editor as an editor uses them in Chromium: type, see the matching ones, pick one
or make a new one without leaving the editor, publish, and the article shows them."""

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage, Category, Tag

from .conftest import log_in_as_new_superuser

pytestmark = pytest.mark.django_db(transaction=True)


def tag_input(page, field):
    """The typing box of Wagtail's tag widget (tag-it) for the article's ``field``."""
    return page.locator(f"[data-field-input]:has(#id_{field}) .tagit-new input")


def test_an_editor_searches_picks_and_creates_tags_and_a_category_in_the_article_editor(demo_site, page):
    log_in_as_new_superuser(page, demo_site.url)
    article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
    page.goto(demo_site.url + f"/admin/pages/{article.pk}/edit/")

    tags = tag_input(page, "tags")
    tags.press_sequentially("Telefon")
    suggestion = page.locator(".ui-autocomplete:visible li", has_text="Telefonservice")
    expect(suggestion).to_have_count(1)
    suggestion.click()
    chips = page.locator("[data-field-input]:has(#id_tags) .tagit-choice")
    expect(chips.filter(has_text="Telefonservice")).to_have_count(1)

    tags.press_sequentially("Erreichbarkeit am Telefon")
    tags.press("Enter")
    expect(chips.filter(has_text="Erreichbarkeit am Telefon")).to_have_count(1)

    categories = tag_input(page, "categories")
    categories.press_sequentially("Büroalltag")
    categories.press("Enter")
    expect(page.locator("[data-field-input]:has(#id_categories) .tagit-choice", has_text="Büroalltag")).to_have_count(1)

    page.locator(".w-dropdown-button").get_by_role("button", name="Mehr Aktionen").click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("veröffentlicht")

    new_tag = Tag.objects.get(name="Erreichbarkeit am Telefon")
    assert (new_tag.slug, new_tag.locale.language_code) == ("erreichbarkeit-am-telefon", "de")
    assert Category.objects.filter(name="Büroalltag", slug="bueroalltag").exists()

    page.goto(demo_site.url + article.url)
    footer_tags = page.locator(".article__tags")
    for name in ("Telefonservice", "Erreichbarkeit am Telefon", "Kommunikation"):
        expect(footer_tags.get_by_role("link", name=name)).to_be_visible()
    expect(page.locator("body")).to_contain_text("Büroalltag")
