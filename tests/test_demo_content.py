"""The demo content: the seed article verbatim, German and English pages, and a second run changes nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from blog.models import ArticlePage, Author, Category, Tag
from home.models import HomePage, LegalPages, StandardPage

SEED_HEADINGS = [
    "Müssen Dienstleister ihre Kunden mögen?",
    "Kommunikation ist keine Einbahnstraße",
    "Eine wertschätzende Einstellung gewinnen",
]
SEED_LAST_SENTENCE = "Eine negative innere Einstellung ist nicht gegeben, man kann sie durchaus beeinflussen."


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, ArticlePage, Author, Category, Tag, Image, Revision, Translation)
    }


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def test_running_it_again_changes_nothing(self):
        before = counts()
        out = StringIO()
        call_command("load_demo_content", stdout=out)
        self.assertEqual(counts(), before)
        self.assertIn("nothing changed", out.getvalue())

    def test_reset_rebuilds_the_same_site(self):
        before = counts()
        call_command("load_demo_content", "--reset", stdout=StringIO())
        after = counts()
        self.assertEqual(after["ArticlePage"], before["ArticlePage"])
        self.assertEqual(after["Page"], before["Page"])
        self.assertEqual(after["Translation"], before["Translation"])

    def test_home_shows_site_name_and_tagline(self):
        response = self.client.get("/")
        self.assertContains(response, "Das Blog rund ums Büro")
        self.assertContains(response, "Bürodienstleister schreiben für Dienstleister und Unternehmen")

    def test_seed_article_is_built_verbatim_from_the_seed(self):
        article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
        response = self.client.get(article.url)
        self.assertContains(response, "<h1>Muss man seine Kunden lieben?</h1>", html=True)
        for heading in SEED_HEADINGS:
            self.assertContains(response, heading)
        self.assertContains(response, "Fazit")
        self.assertContains(response, SEED_LAST_SENTENCE)
        self.assertContains(response, "Ich habe den „Verkaufs-Letter“ gleich gelöscht")
        self.assertContains(response, "15. März 2019")

    def test_at_least_seven_articles_two_authors_and_several_categories(self):
        self.assertGreaterEqual(ArticlePage.objects.filter(locale__language_code="de").count(), 7)
        self.assertEqual(Author.objects.filter(locale__language_code="de").count(), 2)
        self.assertIn(Category.objects.filter(locale__language_code="de").count(), (3, 4))

    def test_legal_pages_say_they_are_placeholders_and_are_linked_in_the_footer(self):
        for title in ("Impressum", "Datenschutzerklärung"):
            page = StandardPage.objects.get(title=title)
            self.assertContains(self.client.get(page.url), "Platzhalter")
        settings = LegalPages.objects.get()
        response = self.client.get("/")
        self.assertContains(response, f'href="{settings.imprint_page.url}"')
        self.assertContains(response, f'href="{settings.privacy_page.url}"')

    def test_english_home_and_articles_are_real_translations(self):
        english_home = HomePage.objects.get(locale__language_code="en")
        self.assertEqual(english_home.translation_key, HomePage.objects.get(locale__language_code="de").translation_key)
        english_articles = ArticlePage.objects.live().filter(locale__language_code="en")
        self.assertGreaterEqual(english_articles.count(), 2)
        self.assertTrue(Translation.objects.filter(target_locale__language_code="en").exists())
        response = self.client.get("/en/")
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Latest articles")
        seed_en = english_articles.get(slug="do-you-have-to-love-your-clients")
        response = self.client.get(seed_en.url)
        self.assertContains(response, "Do you have to love your clients?")
        self.assertContains(response, "15 March 2019")
