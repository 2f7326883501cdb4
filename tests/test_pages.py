"""Page types: where editors may create them, that they render, and that listings survive bad input."""

from django.test import TestCase

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import ArticlePage, BlogIndexPage
from home.models import HomePage, StandardPage

from .builders import build_site, make_article, make_author, make_category, make_standard_page


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_and_holds_the_article_list_and_content_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, StandardPage})

    def test_articles_live_only_below_the_article_list(self):
        self.assertAllowedParentPageTypes(ArticlePage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedSubpageTypes(BlogIndexPage, {ArticlePage})

    def test_content_pages_nest_below_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(BlogIndexPage, HomePage)


class ArticleCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.author = make_author()
        cls.category = make_category()

    def setUp(self):
        self.login()

    def test_editor_creates_an_article_with_a_streamfield_body_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Preise richtig kalkulieren",
                "slug": "preise-richtig-kalkulieren",
                "intro": "Wie Sie Ihren Stundensatz berechnen.",
                "date": "2026-11-27",
                "author": self.author.pk,
                "body": streamfield(
                    [
                        ("heading", {"text": "Die Grundlagen", "level": "h2", "anchor": ""}),
                        ("paragraph", rich_text("<p>Ein Absatz mit <b>Fettdruck</b>.</p>")),
                        ("quote", {"text": "Zeit ist Geld.", "attribution": "Benjamin Franklin"}),
                        ("callout", {"title": "Tipp", "text": rich_text("<p>Rechnen Sie ehrlich.</p>")}),
                    ]
                ),
                "pinned_related": inline_formset([]),
                "excluded_related": inline_formset([]),
            }
        )
        data["categories"] = self.category.name
        self.assertCanCreate(self.blog_index, ArticlePage, data)
        article = ArticlePage.objects.get(slug="preise-richtig-kalkulieren")
        self.assertEqual([block.block_type for block in article.body], ["heading", "paragraph", "quote", "callout"])
        self.assertEqual(list(article.categories.all()), [self.category])

    def test_admin_speaks_german_to_a_new_editor(self):
        response = self.client.get("/admin/")
        self.assertContains(response, 'lang="de"')
        self.assertContains(response, "Seiten")


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index, title="Muss man seine Kunden lieben?", author=make_author())
        cls.imprint = make_standard_page(cls.home, title="Impressum")

    def test_every_page_type_renders(self):
        for page in (self.home, self.blog_index, self.article, self.imprint):
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)

    def test_home_shows_site_name_tagline_and_latest_articles(self):
        response = self.client.get("/")
        self.assertContains(response, "Das Blog rund ums Büro")
        self.assertContains(response, "Bürodienstleister schreiben für Dienstleister und Unternehmen")
        self.assertContains(response, "Muss man seine Kunden lieben?")
        self.assertContains(response, '<html lang="de">')

    def test_article_shows_title_author_date_reading_time_and_body(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, "<h1>Muss man seine Kunden lieben?</h1>", html=True)
        self.assertContains(response, "Sabine Krüger")
        self.assertContains(response, "Lesezeit: 1 Minute")
        self.assertContains(response, 'id="kommunikation-ist-keine-einbahnstrasse"')
        self.assertContains(response, "Fazit")


class PaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        for number in range(12):
            make_article(cls.blog_index, title=f"Beitrag {number:02d}")

    def test_first_page_lists_ten_newest_first(self):
        response = self.client.get(self.blog_index.url)
        articles = list(response.context["articles"])
        self.assertEqual(len(articles), 10)
        self.assertEqual(articles, sorted(articles, key=lambda article: article.date, reverse=True))
        self.assertContains(response, 'rel="next"')

    def test_bad_page_numbers_show_the_nearest_real_page(self):
        for value, expected in [("abc", 1), ("0", 1), ("-3", 1), ("999", 2), ("2", 2), ("1e9", 1), ("", 1)]:
            with self.subTest(page=value):
                response = self.client.get(self.blog_index.url, {"page": value})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["articles"].number, expected)


class ErrorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_missing_page_gets_a_styled_german_404(self):
        response = self.client.get("/gibt-es-nicht/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Seite nicht gefunden", status_code=404)
        self.assertContains(response, "site.css", status_code=404)

    def test_missing_english_page_gets_an_english_404(self):
        response = self.client.get("/en/does-not-exist/")
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, '<html lang="en">', status_code=404)

    def test_server_error_page_is_styled_and_german(self):
        from site_project.views import server_error

        response = server_error(self.client.get("/").wsgi_request)
        self.assertEqual(response.status_code, 500)
        self.assertIn("Etwas ist schiefgelaufen", response.content.decode())
