"""Search: the active language's articles, paginated, excerpts with marked words, promotions, hostile input."""

import time
import unittest

from django.db import connection
from django.test import TestCase

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from blog.models import ArticlePage

from .base import BilingualSiteTestCase
from .builders import build_site, make_article, make_category, translate_page

ON_POSTGRESQL = connection.vendor == "postgresql"


class SearchTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_category()
        cls.article = make_article(
            cls.blog_index,
            title="Muss man seine Kunden lieben?",
            intro="Über Wertschätzung & Zusammenarbeit mit <b>Kunden</b>.",
        )
        cls.other = make_article(cls.blog_index, title="Ablage im Griff", intro="Ordnung im Büro.", body=[])
        cls.translated = translate_page(
            cls.article, title="Do you have to love your clients?", slug="love", intro="About clients."
        )

    def test_finds_articles_of_the_active_language_with_title_date_and_marked_excerpt(self):
        response = self.client.get("/suche/", {"q": "Kunden"})
        self.assertContains(response, "Muss man seine Kunden lieben?")
        self.assertNotContains(response, "Ablage im Griff")
        self.assertNotContains(response, "Do you have to love your clients?")
        self.assertContains(response, '<time datetime="')
        self.assertContains(response, "<mark>Kunden</mark>")
        # The teaser's own markup and ampersand arrive as text, never as markup.
        self.assertContains(response, "Wertschätzung &amp; Zusammenarbeit mit &lt;b&gt;<mark>Kunden</mark>&lt;/b&gt;")
        self.assertContains(response, "1 Ergebnis für „Kunden“")

    def test_english_search_finds_only_english_articles(self):
        response = self.client.get("/en/search/", {"q": "clients"})
        self.assertContains(response, "Do you have to love your clients?")
        self.assertNotContains(response, "Muss man seine")

    def test_results_are_paginated(self):
        for number in range(11):
            make_article(self.blog_index, title=f"Telefonservice Teil {number}", intro="Telefonservice im Alltag.")
        first = self.client.get("/suche/", {"q": "Telefonservice"})
        self.assertContains(first, "11 Ergebnisse")
        self.assertContains(first, "Weitere Ergebnisse")
        second = self.client.get("/suche/", {"q": "Telefonservice", "page": 2})
        self.assertEqual(second.content.decode().count('class="card__title"'), 1)

    def test_empty_query_gets_a_helpful_page(self):
        response = self.client.get("/suche/")
        self.assertContains(response, "Geben Sie einen Begriff ein")
        self.assertContains(response, "Weitere Wege zu unseren Artikeln")
        self.assertContains(response, 'href="/artikel/kategorie/kundenbeziehung/"')

    def test_no_results_suggests_other_ways(self):
        response = self.client.get("/suche/", {"q": "Quantenphysik"})
        self.assertContains(response, "Keine Ergebnisse für „Quantenphysik“")
        self.assertContains(response, 'href="/artikel/kategorie/kundenbeziehung/"')

    def test_results_are_not_indexed_by_search_engines(self):
        self.assertContains(self.client.get("/suche/", {"q": "Kunden"}), '<meta name="robots" content="noindex">')

    def test_query_is_capped_at_200_characters(self):
        response = self.client.get("/suche/", {"q": "Kunden " + "x" * 300})
        self.assertEqual(len(response.context["search_query"]), 200)

    def test_a_10000_character_query_answers_quickly(self):
        started = time.monotonic()
        response = self.client.get("/suche/", {"q": "Kunden lieben " * 715})
        self.assertEqual(response.status_code, 200)
        self.assertLess(time.monotonic() - started, 2.0)

    def test_hostile_queries_are_rendered_harmlessly(self):
        for query in (
            '<script>alert("x")</script>',
            '"Kunden',
            "Kunden*",
            "(Kunden OR",
            "Kunden AND NOT",
            "\x00Kunden",
            "\\",
            "'; DROP TABLE x; --",
            "{title}: Kunden",
            "NEAR(a b)",
        ):
            with self.subTest(query=query):
                response = self.client.get("/suche/", {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>alert")

    def test_editors_promote_pages_for_a_query(self):
        promoted = Query.get("kundenbindung")
        SearchPromotion.objects.create(query=promoted, page=self.other, description="Unsere Empfehlung", sort_order=0)
        SearchPromotion.objects.create(query=promoted, page=self.translated, sort_order=1)
        response = self.client.get("/suche/", {"q": "Kundenbindung"})
        self.assertContains(response, "Empfohlen")
        self.assertContains(response, "Ablage im Griff")
        self.assertContains(response, "Unsere Empfehlung")
        # A promoted page of the other language is left out.
        self.assertNotContains(response, "Do you have to love your clients?")

    def test_searching_records_nothing_about_the_reader(self):
        self.client.get("/suche/", {"q": "Kunden"})
        self.assertFalse(Query.objects.filter(query_string="kunden").exists())

    def test_editors_find_search_promotions_in_the_admin(self):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("redaktion", "r@example.org", "geheim-geheim")
        self.client.force_login(admin)
        self.assertEqual(self.client.get("/admin/searchpicks/").status_code, 200)
        self.assertContains(self.client.get("/admin/"), "/admin/searchpicks/")

    def test_comments_are_not_part_of_the_search_index(self):
        indexed = {field.field_name for field in ArticlePage.get_search_fields() if hasattr(field, "field_name")}
        self.assertFalse({name for name in indexed if "comment" in name})


@unittest.skipUnless(ON_POSTGRESQL, "stemming needs PostgreSQL's text search configurations")
class StemmingTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.article = make_article(
            cls.blog_index, title="Der Kunde ist König", intro="Ein Beitrag über Wertschätzung.", body=[]
        )
        cls.english = translate_page(cls.article, title="The client is king", slug="king", intro="About a client.")

    def test_german_stemming_finds_kunde_for_kunden(self):
        response = self.client.get("/suche/", {"q": "Kunden"})
        self.assertContains(response, "Der Kunde ist König")

    def test_english_stemming_finds_client_for_clients(self):
        response = self.client.get("/en/search/", {"q": "clients"})
        self.assertContains(response, "The client is king")
        self.assertNotContains(response, "König")


@unittest.skipUnless(ON_POSTGRESQL, "the search indexes are PostgreSQL's")
class SearchIndexTests(TestCase):
    """search/migrations/0001: the two conditions of Wagtail's search SQL, the text match and the join from index
    entries to articles, each have an index that fits them. (Tiny test tables make scanning cheaper than any index,
    so scans are switched off: the plan then shows whether an index fits the condition at all.)"""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        make_article(cls.blog_index, title="Muss man seine Kunden lieben?")

    def explain(self, sql):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())

    def test_the_text_match_and_the_join_of_the_search_query_each_have_an_index(self):
        import re

        from django.test.utils import CaptureQueriesContext

        from search.views import search_articles

        articles = ArticlePage.objects.live().filter(locale=self.home.locale)
        with CaptureQueriesContext(connection) as context:
            found = list(search_articles(articles, "Kunden lieben")[:10])
        self.assertEqual([article.title for article in found], ["Muss man seine Kunden lieben?"])
        sql = next(query["sql"] for query in context.captured_queries if "@@" in query["sql"])
        vector = r"\(\"wagtailsearch_indexentry\"\.\"title\" \|\| \"wagtailsearch_indexentry\"\.\"body\"\)"
        match = re.search(vector + r" @@ \(to_tsquery\(.*?\)\)", sql).group(0)
        join = re.search(r"\(\"blog_articlepage\"\.\"page_ptr_id\"\)::varchar\(\d+\)", sql).group(0)
        self.assertIn(
            "search_indexentry_vector_gin", self.explain(f"SELECT id FROM wagtailsearch_indexentry WHERE {match}")
        )
        self.assertIn(
            "search_articlepage_object_id", self.explain(f"SELECT 1 FROM blog_articlepage WHERE {join} = '1'")
        )
