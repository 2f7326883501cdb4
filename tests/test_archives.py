"""Archives on the article list: category, tag, author, year and month, per language, paginated, with feeds."""

import datetime

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase

from blog.models import ArticlePage, ReaderComment

from .assertions import hreflang_alternates
from .base import BilingualSiteTestCase
from .builders import build_site, make_article, make_author, make_category, make_small_image, make_terms, translate_page


class ArchiveTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.category, cls.category_en, cls.tag, cls.author = make_terms()
        cls.other_category = make_category(name="Büroalltag", slug="bueroalltag")
        cls.in_category = make_article(
            cls.blog_index,
            title="Muss man seine Kunden lieben?",
            date=datetime.date(2025, 11, 18),
            author=cls.author,
            categories=[cls.category],
            tags=[cls.tag],
        )
        cls.elsewhere = make_article(
            cls.blog_index, title="Ablage im Griff", date=datetime.date(2024, 3, 2), categories=[cls.other_category]
        )
        cls.translated = translate_page(cls.in_category, title="Do you have to love your clients?", slug="love")

    def test_category_archive_has_its_own_heading_and_only_its_articles(self):
        response = self.client.get("/artikel/kategorie/kundenbeziehung/")
        self.assertContains(response, "<h1>Kategorie: Kundenbeziehung</h1>", html=True)
        self.assertContains(response, "<title>Kategorie: Kundenbeziehung – Das Blog rund ums Büro</title>", html=True)
        self.assertContains(response, "Muss man seine Kunden lieben?")
        self.assertNotContains(response, "Ablage im Griff")

    def test_tag_author_year_and_month_archives(self):
        cases = [
            ("/artikel/schlagwort/kommunikation/", "Schlagwort: Kommunikation"),
            (f"/artikel/autor/{self.author.slug}/", "Artikel von Sabine Krüger"),
            ("/artikel/archiv/2025/", "Archiv: 2025"),
            ("/artikel/archiv/2025/11/", "Archiv: November 2025"),
        ]
        for url, heading in cases:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, f"<h1>{heading}</h1>", html=True)
                self.assertContains(response, "Muss man seine Kunden lieben?")
                self.assertNotContains(response, "Ablage im Griff")

    def test_author_archive_shows_the_author_box(self):
        response = self.client.get(f"/artikel/autor/{self.author.slug}/")
        self.assertContains(response, 'class="author-box"')

    def test_english_archives_use_english_route_words_and_translated_categories(self):
        response = self.client.get("/en/articles/category/client-relations/")
        self.assertContains(response, "<h1>Category: Client relations</h1>", html=True)
        # The translation still links the German category; it is listed under the English one.
        self.assertContains(response, "Do you have to love your clients?")
        self.assertNotContains(response, "Muss man seine Kunden lieben?")
        self.assertEqual(self.client.get("/en/articles/archive/2025/11/").status_code, 200)

    def test_archives_name_their_counterpart_in_the_other_language(self):
        """hreflang and the language switcher lead from an archive to the same archive in the other language."""
        pairs = (
            ("/artikel/kategorie/kundenbeziehung/", "/en/articles/category/client-relations/"),
            ("/artikel/archiv/2025/11/", "/en/articles/archive/2025/11/"),
        )
        for german, english in pairs:
            for url in (german, english):
                with self.subTest(url=url):
                    html = self.client.get(url).content.decode()
                    self.assertEqual(
                        hreflang_alternates(html),
                        {
                            "de": f"http://localhost{german}",
                            "en": f"http://localhost{english}",
                            "x-default": f"http://localhost{german}",
                        },
                    )
                    self.assertIn(f'<a href="{english}" lang="en" hreflang="en"', html)
                    self.assertIn(f'<a href="{german}" lang="de" hreflang="de"', html)

    def test_an_archive_whose_category_is_not_translated_names_no_english_counterpart(self):
        html = self.client.get("/artikel/kategorie/bueroalltag/").content.decode()
        self.assertEqual(
            hreflang_alternates(html),
            {
                "de": "http://localhost/artikel/kategorie/bueroalltag/",
                "x-default": "http://localhost/artikel/kategorie/bueroalltag/",
            },
        )
        # The switcher still offers the English article list.
        self.assertIn('<a href="/en/articles/" lang="en" hreflang="en"', html)

    def test_a_route_word_of_the_other_language_redirects_to_the_right_one(self):
        self.assertRedirects(
            self.client.get("/artikel/category/kundenbeziehung/?page=1"),
            "/artikel/kategorie/kundenbeziehung/?page=1",
            status_code=301,
        )
        self.assertRedirects(
            self.client.get("/en/articles/kategorie/client-relations/"),
            "/en/articles/category/client-relations/",
            status_code=301,
        )
        # A German category slug on the English site leads to the English category.
        self.assertRedirects(
            self.client.get("/en/articles/category/kundenbeziehung/"),
            "/en/articles/category/client-relations/",
            status_code=301,
        )

    def test_unknown_archives_are_not_found(self):
        for url in (
            "/artikel/kategorie/gibt-es-nicht/",
            "/artikel/schlagwort/gibt-es-nicht/",
            "/artikel/autor/niemand/",
            "/artikel/archiv/2025/13/",
            "/artikel/archiv/1999/",
            "/artikel/archiv/0000/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_every_archive_links_its_own_feed_in_the_head(self):
        response = self.client.get("/artikel/kategorie/kundenbeziehung/")
        self.assertContains(
            response,
            '<link rel="alternate" type="application/rss+xml" title="Kategorie: Kundenbeziehung (RSS)" '
            'href="/artikel/kategorie/kundenbeziehung/feed/">',
            html=True,
        )
        feed = self.client.get("/artikel/kategorie/kundenbeziehung/feed/")
        self.assertEqual(feed["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertContains(feed, "Muss man seine Kunden lieben?")
        self.assertNotContains(feed, "Ablage im Griff")
        for url in ("/artikel/archiv/2025/feed/atom/", "/artikel/schlagwort/kommunikation/feed/"):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Muss man seine Kunden lieben?")


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.category = make_category()
        cls.author = make_author()
        cls.image = make_small_image()
        for number in range(12):
            make_article(
                cls.blog_index,
                title=f"Beitrag Nummer {number:02d}",
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
                categories=[cls.category],
                author=cls.author,
                header_image=cls.image if number == 11 else None,
            )

    def test_cards_show_title_teaser_date_author_reading_time_and_categories(self):
        response = self.client.get("/artikel/")
        self.assertContains(response, "Beitrag Nummer 11")
        self.assertContains(response, "Ein kurzer Teaser für die Liste.")
        self.assertContains(response, "12. Januar 2025")
        self.assertContains(response, "von Sabine Krüger")
        self.assertContains(response, "Lesezeit: 1 Minute")
        self.assertContains(response, '<span class="tag">Kundenbeziehung</span>', html=True)

    def test_header_image_is_a_picture_with_avif_webp_and_fixed_dimensions(self):
        html = self.client.get("/artikel/").content.decode()
        self.assertIn('type="image/avif"', html)
        self.assertIn('type="image/webp"', html)
        img = html[html.index("<img", html.index("<picture")) :]
        img = img[: img.index(">")]
        self.assertIn('width="', img)
        self.assertIn('height="', img)

    def test_cards_show_the_comment_count(self):
        article = ArticlePage.objects.get(title="Beitrag Nummer 11")
        for number in range(2):
            ReaderComment.objects.create(
                article=article, name="Leserin", email="l@example.org", text=f"Danke {number}", status="approved"
            )
        self.assertContains(self.client.get("/artikel/"), "2 Kommentare")

    def test_second_page_and_bad_page_numbers(self):
        second = self.client.get("/artikel/?page=2")
        self.assertContains(second, "Beitrag Nummer 00")
        self.assertNotContains(second, "Beitrag Nummer 11")
        for bad in ("999", "abc", "-1", "0", "1e9"):
            with self.subTest(page=bad):
                self.assertEqual(self.client.get(f"/artikel/?page={bad}").status_code, 200)
        self.assertContains(self.client.get("/artikel/?page=999"), "Beitrag Nummer 00")

    def test_category_archive_is_paginated(self):
        response = self.client.get("/artikel/kategorie/kundenbeziehung/?page=2")
        self.assertContains(response, "Beitrag Nummer 01")
        self.assertNotContains(response, "Beitrag Nummer 05")
        self.assertContains(response, 'rel="prev"')

    def test_pagination_of_thousands_of_articles_shows_a_few_page_links(self):
        page_obj = Paginator(range(10_000), 10).page(500)
        request = RequestFactory().get("/artikel/", {"page": 500})
        html = render_to_string("blog/includes/pagination.html", {"page_obj": page_obj}, request=request)
        self.assertLess(html.count("<li>"), 15)
        self.assertIn("?page=1000", html)
        self.assertIn("…", html)
