"""The header image's alt text belongs to the article and is translated with it (page image and og:image:alt)."""

import json
import re
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import Locale

from blog.translation import translate
from home.demo import data as demo_data
from home.demo.builder import DemoBuilder
from home.translators import GROUP_NAME

from .builders import build_bilingual_site, make_article, make_small_image

GERMAN_ALT = "Zwei Hände halten eine Kaffeetasse über einem Schreibtisch"
ENGLISH_ALT = "Two hands holding a coffee cup above a desk"


def header_img_alt(html):
    figure = re.search(r'<figure class="article__image">(.*?)</figure>', html, re.S).group(1)
    return unescape(re.search(r'<img [^>]*alt="([^"]*)"', figure).group(1))


def og_image_alt(html):
    return unescape(re.search(r'<meta property="og:image:alt" content="([^"]*)"', html).group(1))


class HeaderImageAltTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index, cls.en_home, cls.en_index = build_bilingual_site()
        cls.en = Locale.objects.get(language_code="en")
        cls.article = make_article(
            cls.blog_index,
            title="Muss man seine Kunden lieben?",
            slug="muss-man-seine-kunden-lieben",
            header_image=make_small_image("Kaffeetasse am Schreibtisch"),
            header_image_alt=GERMAN_ALT,
        )
        cls.en_article = translate(
            cls.article,
            cls.en,
            {"title": "Do you have to love your clients?", "slug": "love-clients", "header_image_alt": ENGLISH_ALT},
        )

    def setUp(self):
        # Renditions and rendered fragments are cached by ids that come round again after rolled-back tests.
        cache.clear()

    def test_english_page_describes_its_header_image_in_english(self):
        html = self.client.get(self.en_article.url).content.decode()
        assert header_img_alt(html) == ENGLISH_ALT
        assert og_image_alt(html) == ENGLISH_ALT

    def test_german_page_describes_its_header_image_in_german(self):
        html = self.client.get(self.article.url).content.decode()
        assert header_img_alt(html) == GERMAN_ALT
        assert og_image_alt(html) == GERMAN_ALT

    def test_without_an_article_alt_text_the_images_own_title_is_used(self):
        article = make_article(self.blog_index, title="Ohne Beschreibung", header_image=make_small_image("Aktenordner"))
        html = self.client.get(article.url).content.decode()
        assert header_img_alt(html) == "Aktenordner"
        assert og_image_alt(html) == "Aktenordner"

    @override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None)
    def test_translator_gets_a_segment_for_the_alt_text(self):
        translator = get_user_model().objects.create_user("uebersetzerin", password="x")
        translator.groups.add(Group.objects.get(name=GROUP_NAME))
        self.client.force_login(translator)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.en_article.pk])).content.decode()
        props = json.loads(unescape(html.split('data-props="', 1)[1].split('"', 1)[0]))
        segments = {segment.get("source"): segment for segment in props["segments"] if segment["type"] == "string"}
        assert GERMAN_ALT in segments
        translations = {item["segment_id"]: item["data"] for item in props["initialStringTranslations"]}
        assert translations[segments[GERMAN_ALT]["id"]] == ENGLISH_ALT
        assert segments[GERMAN_ALT]["location"]["field"] == "Alternativtext des Titelbilds"


class DemoHeaderImageAltTests(TestCase):
    def test_demo_articles_with_header_images_describe_them_and_the_english_ones_in_english(self):
        DemoBuilder().build()
        from blog.models import ArticlePage

        articles = ArticlePage.objects.filter(header_image__isnull=False)
        assert articles.exists()
        for article in articles:
            assert article.header_image_alt, article.title
        english = articles.filter(locale__language_code="en")
        assert english.count() == sum(1 for data in demo_data.ARTICLES if data.get("en"))
        for article in english:
            assert "Ringe" not in article.header_image_alt and "rings" in article.header_image_alt
