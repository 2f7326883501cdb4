"""Related articles: same language, scored by shared categories, tags and closeness in date; pins and exclusions."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog.models import ArticlePage, ExcludedRelatedArticle, PinnedRelatedArticle
from blog.related import related_articles

from .base import BilingualSiteTestCase
from .builders import build_site, make_article, make_category, make_tag, translate_page


class RelatedArticleTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clients = make_category()
        cls.office = make_category(name="Büroalltag", slug="bueroalltag")
        cls.communication = make_tag()
        cls.prices = make_tag(name="Preise", slug="preise")
        day = datetime.date(2025, 6, 1)
        cls.article = make_article(
            cls.blog_index, title="Ausgang", date=day, categories=[cls.clients], tags=[cls.communication, cls.prices]
        )
        cls.best = make_article(
            cls.blog_index,
            title="Kategorie und zwei Schlagwörter",
            date=day - datetime.timedelta(days=900),
            categories=[cls.clients],
            tags=[cls.communication, cls.prices],
        )
        cls.category_only = make_article(
            cls.blog_index, title="Nur Kategorie", date=day - datetime.timedelta(days=800), categories=[cls.clients]
        )
        cls.tag_near = make_article(
            cls.blog_index, title="Schlagwort, nah", date=day + datetime.timedelta(days=3), tags=[cls.prices]
        )
        cls.tag_far = make_article(
            cls.blog_index, title="Schlagwort, fern", date=day - datetime.timedelta(days=2000), tags=[cls.prices]
        )
        cls.unrelated = make_article(cls.blog_index, title="Ohne Gemeinsamkeit", date=day, categories=[cls.office])

    def test_scored_by_shared_categories_then_tags_then_closeness_in_date(self):
        self.assertEqual(
            [article.title for article in related_articles(self.article)],
            ["Kategorie und zwei Schlagwörter", "Nur Kategorie", "Schlagwort, nah"],
        )

    def test_up_to_three_articles_in_one_query(self):
        """One query for the articles, plus Wagtail's lookup of view restrictions for ``public()``."""
        with self.assertNumQueries(2):
            self.assertEqual(len(related_articles(self.article)), 3)

    def test_drafts_and_the_article_itself_are_never_suggested(self):
        self.best.unpublish()
        titles = [article.title for article in related_articles(self.article)]
        self.assertNotIn("Kategorie und zwei Schlagwörter", titles)
        self.assertNotIn("Ausgang", titles)

    def test_block_is_left_out_when_nothing_relates(self):
        response = self.client.get(self.unrelated.url)
        self.assertNotContains(response, "Das könnte Sie auch interessieren")
        response = self.client.get(self.article.url)
        self.assertContains(response, '<h2 id="related-heading">Das könnte Sie auch interessieren</h2>', html=True)

    def test_pinned_articles_come_first_even_without_anything_in_common(self):
        PinnedRelatedArticle.objects.create(article=self.article, page=self.unrelated, sort_order=0)
        titles = [article.title for article in related_articles(self.article)]
        self.assertEqual(titles, ["Ohne Gemeinsamkeit", "Kategorie und zwei Schlagwörter", "Nur Kategorie"])

    def test_excluded_articles_are_never_suggested(self):
        ExcludedRelatedArticle.objects.create(article=self.article, page=self.best, sort_order=0)
        titles = [article.title for article in related_articles(self.article)]
        self.assertEqual(titles, ["Nur Kategorie", "Schlagwort, nah", "Schlagwort, fern"])

    def test_only_articles_of_the_same_language_and_pins_apply_to_translations(self):
        article_en = translate_page(self.article, title="Starting point", slug="starting-point")
        best_en = translate_page(self.best, title="Category and two tags", slug="category-and-two-tags")
        unrelated_en = translate_page(self.unrelated, title="Nothing in common", slug="nothing-in-common")
        PinnedRelatedArticle.objects.create(article=self.article, page=self.unrelated, sort_order=0)
        related = related_articles(article_en)
        self.assertEqual([article.pk for article in related], [unrelated_en.pk, best_en.pk])
        response = self.client.get(article_en.url)
        self.assertContains(response, "You might also like")
        self.assertContains(response, "Category and two tags")
        self.assertNotContains(response, "Kategorie und zwei Schlagwörter")


class RelatedArticleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.other = make_article(cls.blog_index, title="Ohne Gemeinsamkeit")

    def test_editor_pins_and_excludes_related_articles_in_the_admin(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaktion", "r@example.org", "x-geheim-1"))
        data = nested_form_data(
            {
                "title": "Mit Empfehlung",
                "slug": "mit-empfehlung",
                "intro": "Ein Teaser.",
                "date": "2026-11-27",
                "body": streamfield([]),
                "pinned_related": inline_formset([{"page": self.other.pk}]),
                "excluded_related": inline_formset([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/blog/articlepage/{self.blog_index.pk}/", data)
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(slug="mit-empfehlung")
        self.assertEqual([article.title for article in related_articles(article)], ["Ohne Gemeinsamkeit"])
        self.assertContains(self.client.get(article.url), "Ohne Gemeinsamkeit")

    def test_editors_find_pins_exclusions_and_featured_articles_in_the_page_editor(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaktion", "r@example.org", "x-geheim-1"))
        article_form = self.client.get(f"/admin/pages/{self.other.pk}/edit/")
        self.assertContains(article_form, "Fest verknüpfte Artikel")
        self.assertContains(article_form, "Nie vorschlagen")
        self.assertContains(article_form, "Inhaltsverzeichnis anzeigen")
        home_form = self.client.get(f"/admin/pages/{self.home.pk}/edit/")
        self.assertContains(home_form, "Empfohlene Artikel")
