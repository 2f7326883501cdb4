"""Dates and reading time read as a German (or English) editor would write them."""

import datetime

from django.test import TestCase
from django.utils import translation

from blog.models import ArticlePage

from .builders import build_site, make_article


class GermanDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index, title="Datumstest", date=datetime.date(2019, 3, 15))

    def test_article_date_is_written_out_in_german(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, '<time datetime="2019-03-15">15. März 2019</time>', html=True)

    def test_listing_uses_the_same_german_date(self):
        self.assertContains(self.client.get(self.blog_index.url), "15. März 2019")


class ReadingTimeTests(TestCase):
    def article_with_words(self, count):
        words = " ".join(["Wort"] * count)
        return ArticlePage(title="Lesezeit", intro="", body=[("paragraph", f"<p>{words}</p>")])

    def test_reading_time_follows_wagtails_checks_panel_at_least_one_minute(self):
        # Wagtail's content metrics: 260 words a minute in German, 238 in English, rounded to the nearest minute.
        with translation.override("de"):
            self.assertEqual(self.article_with_words(10).reading_time, 1)
            self.assertEqual(self.article_with_words(389).reading_time, 1)
            self.assertEqual(self.article_with_words(390).reading_time, 2)
            self.assertEqual(self.article_with_words(649).reading_time, 2)
            self.assertEqual(self.article_with_words(650).reading_time, 3)
        with translation.override("en"):
            self.assertEqual(self.article_with_words(356).reading_time, 1)
            self.assertEqual(self.article_with_words(357).reading_time, 2)

    def test_words_are_counted_as_the_checks_panel_segments_them(self):
        article = ArticlePage(
            title="Wörter",
            intro="Das kostet 2,50 € pro E-Mail, z.B. für Kund:innen.",
            body=[("heading", {"text": "Preise", "level": "h2", "anchor": ""})],
        )
        # As Chromium's Intl.Segmenter: Das, kostet, 2,50, pro, E, Mail, z, B, für, Kund, innen, Preise; the
        # heading's level label („Ebene 2“) is no word readers see.
        self.assertEqual(article.word_count, 12)

    def test_reading_time_uses_correct_german_plural(self):
        from django.template import Context, Template

        template = Template('{% include "blog/includes/article_meta.html" %}')
        with translation.override("de"):
            one = template.render(Context({"article": self.article_with_words(50)}))
            three = template.render(Context({"article": self.article_with_words(700)}))
        self.assertIn("Lesezeit: 1 Minute", one)
        self.assertNotIn("Minuten", one)
        self.assertIn("Lesezeit: 3 Minuten", three)


class StoredReadingTimeTests(TestCase):
    """Cards read the word count stored on save, without loading the article's body."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        words = " ".join(["Wort"] * 590)
        cls.article = make_article(cls.blog_index, intro="Kurz.", body=[("paragraph", f"<p>{words}</p>")])

    def test_cards_show_the_reading_time_of_the_published_body(self):
        self.assertEqual(ArticlePage.objects.get(pk=self.article.pk).stored_word_count, 591)
        for url in ("/", self.blog_index.url):
            # 591 words at Wagtail's 260 a minute for German, rounded: 2 minutes.
            self.assertContains(self.client.get(url), "Lesezeit: 2 Minuten")

    def test_an_edit_republished_changes_the_cards_reading_time(self):
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.body = [("paragraph", "<p>" + " ".join(["Wort"] * 900) + "</p>")]
        article.save_revision().publish()
        for url in ("/", self.blog_index.url):
            self.assertContains(self.client.get(url), "Lesezeit: 3 Minuten")

    def test_cards_load_no_body(self):
        cards = list(self.blog_index.get_articles().defer_streamfields()[:1])
        with self.assertNumQueries(0):
            self.assertEqual(cards[0].reading_time, 2)


class SeedArticleReadingTimeTests(TestCase):
    """The figure the editor's checks panel shows for the seed article's text (measured in Chromium: 379 words,
    1 min) is the page's."""

    def test_seed_article_shows_the_checks_panels_reading_time(self):
        from home.demo.builder import DemoBuilder

        DemoBuilder().build()
        article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
        self.assertEqual(article.word_count, 379)
        response = self.client.get(article.url)
        self.assertContains(response, "Lesezeit: 1 Minute")
        html = response.content.decode()
        # The text the checks panel is pointed at: one element, inside the article, not all of <main>.
        self.assertEqual(html.count("data-reading-text"), 1)
        self.assertNotIn('<main id="main" tabindex="-1" data-reading-text', html)
