"""The admin as an editor uses it in Chromium: German slugs as the title is typed."""

import pytest
from playwright.sync_api import expect

from blog.models import BlogIndexPage

from .conftest import log_in_as_new_superuser

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_slug_follows_the_title_in_german_transliteration_as_it_is_typed(demo_site, page):
    log_in_as_new_superuser(page, demo_site.url, "redakteurin")
    blog_index = BlogIndexPage.objects.get(locale__language_code="de")
    page.goto(demo_site.url + f"/admin/pages/add/blog/articlepage/{blog_index.pk}/")
    page.locator("#id_title").press_sequentially("Fünf Regeln für große Büros")
    expect(page.locator("#id_slug")).to_have_value("fuenf-regeln-fuer-grosse-bueros")
