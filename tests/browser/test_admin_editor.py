"""The admin as an editor uses it in Chromium: German slugs as the title is typed."""

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from blog.models import BlogIndexPage

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "ein-sicheres-Passwort-2026"


def log_in(page, base_url):
    get_user_model().objects.create_superuser("redakteurin", "redaktion@example.org", PASSWORD)
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", "redakteurin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_slug_follows_the_title_in_german_transliteration_as_it_is_typed(demo_site, page):
    log_in(page, demo_site.url)
    blog_index = BlogIndexPage.objects.get(locale__language_code="de")
    page.goto(demo_site.url + f"/admin/pages/add/blog/articlepage/{blog_index.pk}/")
    page.locator("#id_title").press_sequentially("Fünf Regeln für große Büros")
    expect(page.locator("#id_slug")).to_have_value("fuenf-regeln-fuer-grosse-bueros")
