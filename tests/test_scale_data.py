"""load_scale_data: many articles in both languages, fast, with categories and tags; listings stay paginated."""

from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Page

from blog.models import ArticlePage

from .base import BilingualSiteTestCase


class ScaleDataTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

    def load(self, *args):
        out = StringIO()
        call_command("load_scale_data", *args, stdout=out)
        return out.getvalue()

    def test_creates_articles_in_both_languages_as_translations(self):
        output = self.load("--articles", "12")
        self.assertIn("Created 12 German and 12 English articles", output)
        german = ArticlePage.objects.filter(locale=self.blog_index.locale)
        english = ArticlePage.objects.filter(locale=self.index_en.locale)
        self.assertEqual(german.count(), 12)
        self.assertEqual(
            set(german.values_list("translation_key", flat=True)),
            set(english.values_list("translation_key", flat=True)),
        )
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        for article in english:
            self.assertTrue(all(category.locale_id == article.locale_id for category in article.categories.all()))
            self.assertTrue(article.tags.exists())

    def test_scale_articles_render_and_listings_stay_paginated(self):
        self.load("--articles", "25")
        article = ArticlePage.objects.filter(locale=self.blog_index.locale).first()
        self.assertEqual(self.client.get(article.url).status_code, 200)
        listing = self.client.get("/artikel/")
        self.assertEqual(len(listing.context["articles"].object_list), 10)
        self.assertContains(listing, "?page=3")
        self.assertEqual(self.client.get("/en/articles/?page=3").status_code, 200)
        category = article.categories.first()
        self.assertEqual(self.client.get(f"/artikel/kategorie/{category.slug}/").status_code, 200)

    def test_scale_articles_are_searchable(self):
        self.load("--articles", "5")
        self.assertContains(self.client.get("/suche/", {"q": "Kunde"}), "search-excerpt")

    def test_running_twice_adds_more_without_clashes(self):
        self.load("--articles", "3")
        self.load("--articles", "3")
        self.assertEqual(ArticlePage.objects.filter(locale=self.blog_index.locale).count(), 6)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))

    def test_creates_approved_comments_per_article(self):
        output = self.load("--articles", "2", "--comments", "3")
        self.assertIn("Created 12 comments.", output)
        article = ArticlePage.objects.filter(locale=self.blog_index.locale).first()
        self.assertContains(self.client.get("/artikel/"), "3 Kommentare")
        self.assertEqual(len(article.get_feed_comments(10)), 3)

    def test_needs_an_article_list(self):
        self.blog_index.delete()
        with self.assertRaisesMessage(CommandError, "load_demo_content"):
            self.load("--articles", "1")
