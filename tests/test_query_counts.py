"""Pages render in a fixed number of SQL queries, whatever the number of articles on them: pinned counts for the
home page, the article list and an article, and every discovery page the same with 3 items as with 30."""

import datetime

from django.test import TestCase

from blog.models import ArticlePage, PinnedRelatedArticle
from home.models import HomePageFeaturedArticle, LegalPages

from .assertions import QueryCountAssertions
from .base import BilingualSiteTestCase
from .builders import (
    build_site,
    make_article,
    make_author,
    make_category,
    make_small_image,
    make_standard_page,
    make_terms,
    translate_page,
)

# Pinned counts. Raise one only with a reason in the commit message: each is paid on every uncached page view.
# Routing (site_project/routing.py) reads the site with the active Locale (kept for everything else that asks) in one
# query, every page of the URL with its specific row in another, and the site's view restrictions once for both
# the page's own check and the public() filters; the header and footer take the home page from the route.
HOME_QUERIES = 12
INDEX_QUERIES = 10
# Comments add three: the site's comment settings, one query for the whole comment tree, and one for the
# translations that have comments of their own. Discovery adds four: tags, previous and next article (one query),
# the stored related articles and their pictures' renditions.
ARTICLE_QUERIES = 14


class QueryCountTests(QueryCountAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.author = make_author()
        cls.categories = [make_category(name=f"Kategorie {n}", slug=f"kategorie-{n}") for n in range(3)]
        cls.articles = [make_article(cls.blog_index, author=cls.author, categories=cls.categories) for _ in range(12)]

    def test_home_page(self):
        self.assertSteadyQueries("/", HOME_QUERIES)

    def test_article_list(self):
        self.assertSteadyQueries(self.blog_index.url, INDEX_QUERIES)
        self.assertSteadyQueries(self.blog_index.url + "?page=2", INDEX_QUERIES)

    def test_article_page(self):
        self.assertSteadyQueries(self.articles[0].url, ARTICLE_QUERIES)

    def test_legal_pages_in_the_footer_cost_no_query_of_their_own(self):
        # The setting and its pages in the page's language are read together, with the header's other links.
        legal = LegalPages.for_site(self.home.get_site())
        legal.imprint_page = make_standard_page(self.home, title="Impressum", slug="impressum")
        legal.privacy_page = make_standard_page(self.home, title="Datenschutz", slug="datenschutz")
        legal.save()
        response = self.assertSteadyQueries(self.articles[0].url, ARTICLE_QUERIES)
        self.assertContains(response, '<a href="/impressum/">Impressum</a>', html=True)
        self.assertContains(response, '<a href="/datenschutz/">Datenschutz</a>', html=True)
        self.assertSteadyQueries(self.blog_index.url, INDEX_QUERIES)


# A ceiling, so that "fixed" also stays small.
MAX_QUERIES = 30


class FixedQueryCountTests(QueryCountAssertions, BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.category, _, cls.tag, cls.author = make_terms(photo=make_small_image("Portrait"))
        cls.article = cls.add_article(0, title="Das Kernstück")
        cls.translate(cls.article)

    @classmethod
    def add_article(cls, number, **fields):
        fields.setdefault("title", f"Kunden Beitrag {number:02d}")
        return make_article(
            cls.blog_index,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            categories=[cls.category],
            tags=[cls.tag],
            author=cls.author,
            header_image=make_small_image(f"Bild {number}"),
            **fields,
        )

    @classmethod
    def translate(cls, article):
        return translate_page(article, title=f"Clients {article.title}", slug=f"en-{article.slug}")

    def grow_to(self, total):
        """Add articles (image, category, tag, pin, feature) until there are ``total`` besides the main one."""
        existing = ArticlePage.objects.filter(locale=self.article.locale).count() - 1
        for number in range(existing + 1, total + 1):
            article = self.add_article(number)
            self.translate(article)
            PinnedRelatedArticle.objects.create(article=self.article, page=article, sort_order=number)
            if number <= 6:
                HomePageFeaturedArticle.objects.create(page=self.home, article=article, sort_order=number)

    def test_every_discovery_page_renders_in_the_same_number_of_queries_with_3_and_30_items(self):
        """Home, article lists (any page), each archive, the article, search results and feeds, in both languages.

        Built once with 3 articles (each with image, category, tag, author photo, pin and home-page feature), then grown
        to 30: every page must take exactly as many queries as before. One test, because building 30 translated
        articles with images is the slow part.
        """
        urls = [
            "/",
            "/en/",
            "/artikel/",
            "/en/articles/",
            "/artikel/kategorie/kundenbeziehung/",
            "/artikel/schlagwort/kommunikation/",
            f"/artikel/autor/{self.author.slug}/",
            "/artikel/archiv/2025/",
            "/artikel/archiv/2025/01/",
            "/en/articles/category/client-relations/",
            self.article.url,
            self.article.get_translation(self.home_en.locale).url,
            "/suche/?q=Kunden",
            "/en/search/?q=Clients",
            "/artikel/feed/",
            "/artikel/kategorie/kundenbeziehung/feed/atom/",
        ]
        # Later pages of a listing must cost what its first page costs.
        later_pages = {
            "/artikel/?page=2": "/artikel/",
            "/artikel/?page=3": "/artikel/",
            "/artikel/kategorie/kundenbeziehung/?page=3": "/artikel/kategorie/kundenbeziehung/",
            "/suche/?q=Kunden&page=2": "/suche/?q=Kunden",
        }
        self.grow_to(3)
        expected = {}
        for url in urls:
            # The first visit creates image renditions; readers after that only read them.
            expected[url] = len(self.steady_queries(url))
            with self.subTest(url=url, items=3):
                self.assertLessEqual(expected[url], MAX_QUERIES)
                with self.assertNumQueries(expected[url]):
                    self.client.get(url)
        self.grow_to(30)
        for url in urls:
            with self.subTest(url=url, items=30):
                self.assertSteadyQueries(url, expected[url])
        for url, first_page in later_pages.items():
            with self.subTest(url=url, items=30):
                self.assertSteadyQueries(url, expected[first_page])
