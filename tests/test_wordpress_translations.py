"""Bilingual WordPress exports (Polylang): English posts become wagtail-localize translations of their originals."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from wagtail_localize.models import Translation

from blog.models import ArticlePage, Category, ReaderComment
from blog.wordpress import service

from .builders import POLYLANG_EXPORT, imported


class PolylangImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())
        cls.report = service.run_import(POLYLANG_EXPORT)

    def test_english_post_is_a_translation_of_its_german_original(self):
        german, english = imported("post", 101), imported("post", 102)
        self.assertEqual(english.translation_key, german.translation_key)
        self.assertEqual((german.locale.language_code, english.locale.language_code), ("de", "en"))
        self.assertEqual(english.title, "Winning new clients without cold calling")
        self.assertEqual(english.intro, "How office service providers grow through referrals.")
        self.assertIn("Referrals are the best way", str(english.body[0].value))
        self.assertTrue(english.live)
        self.assertEqual(english.get_parent().locale.language_code, "en")
        self.assertTrue(
            Translation.objects.filter(
                target_locale__language_code="en", source__object_id=german.translation_key
            ).exists()
        )
        self.assertEqual(self.report.counts["post"], {"created": 3})

    def test_categories_and_authors_are_translated_too(self):
        german_category = Category.objects.get(slug="akquise-neu")
        english_category = Category.objects.get(slug="new-clients")
        self.assertEqual(english_category.translation_key, german_category.translation_key)
        self.assertEqual(english_category.locale.language_code, "en")
        english = imported("post", 102)
        self.assertEqual([c.name for c in english.categories.all()], ["New clients"])
        self.assertEqual(english.author.locale.language_code, "en")
        self.assertEqual(english.author.translation_key, imported("post", 101).author.translation_key)

    def test_comments_stay_with_their_language(self):
        self.assertEqual(
            list(ReaderComment.objects.filter(article=imported("post", 102)).values_list("name", flat=True)), ["John"]
        )
        self.assertEqual(
            list(ReaderComment.objects.filter(article=imported("post", 101)).values_list("name", flat=True)), ["Petra"]
        )

    def test_old_english_address_redirects_to_the_english_page(self):
        english = imported("post", 102)
        response = self.client.get("/en/winning-new-clients/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], english.url)
        self.assertTrue(english.url.startswith("/en/"))

    def test_german_post_without_translation_stays_german_only(self):
        alone = imported("post", 103)
        self.assertEqual(alone.get_translations().count(), 0)
        self.assertEqual(ArticlePage.objects.filter(translation_key=alone.translation_key).count(), 1)

    def test_second_run_creates_nothing(self):
        before = (ArticlePage.objects.count(), Category.objects.count(), ReaderComment.objects.count())
        report = service.run_import(POLYLANG_EXPORT)
        self.assertEqual((ArticlePage.objects.count(), Category.objects.count(), ReaderComment.objects.count()), before)
        self.assertEqual(report.counts["post"], {"unchanged": 3})
