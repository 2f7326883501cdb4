"""Cold renders (every cache off) route in one query and run queries compiled once per process
(site_project/routing.py, site_project/prepared.py): readers must get exactly what Wagtail's own routing and the
plain querysets give them."""

import datetime
import pickle
from unittest import skipUnless

from django.db import connection
from django.test import RequestFactory

from wagtail import views as wagtail_views
from wagtail.models import PageViewRestriction

from blog.models import ArticlePage
from site_project.caching.utils import collect_tags, page_tag
from site_project.prepared import PreparedQuery

from .base import SiteTestCase
from .builders import make_article


class ColdRoutingTests(SiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.older = make_article(
            cls.blog_index, title="Ältere Notiz", slug="aeltere-notiz", date=datetime.date(2024, 1, 1)
        )
        cls.newer = make_article(
            cls.blog_index, title="Neuere Notiz", slug="neuere-notiz", date=datetime.date(2030, 1, 1)
        )

    def test_each_article_shows_its_own_neighbours_with_the_query_compiled_once(self):
        # The same compiled query, run with each article's values: never the first article's neighbours.
        first = self.client.get(self.older.url).content.decode()
        second = self.client.get(self.newer.url).content.decode()
        self.assertIn('rel="next"', first)
        self.assertNotIn('rel="prev"', first)
        self.assertIn('rel="prev"', second)
        self.assertNotIn('rel="next"', second)
        # „Kunden lieben“ is dated today, between the two.
        self.assertIn(">Kunden lieben</a>", first.split('rel="next"')[1][:40])
        self.assertIn(">Kunden lieben</a>", second.split('rel="prev"')[1][:40])

    def test_a_password_protected_article_asks_for_the_password(self):
        PageViewRestriction.objects.create(page=self.article, restriction_type="password", password="geheim")
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<h1>Kunden lieben</h1>")
        self.assertContains(response, 'name="password"')
        # Its neighbours no longer link to it.
        self.assertNotContains(self.client.get(self.older.url), self.article.url)

    def test_an_article_below_a_protected_list_asks_for_the_password(self):
        PageViewRestriction.objects.create(page=self.blog_index, restriction_type="password", password="geheim")
        response = self.client.get(self.article.url)
        self.assertContains(response, 'name="password"')
        self.assertNotContains(response, "<h1>Kunden lieben</h1>")

    def test_unknown_and_unpublished_pages_are_not_found(self):
        self.assertEqual(self.client.get("/artikel/gibt-es-nicht/").status_code, 404)
        self.newer.unpublish()
        self.assertEqual(self.client.get("/artikel/neuere-notiz/").status_code, 404)
        # Its sub-URL (the comments feed) is gone with it.
        self.assertEqual(self.client.get("/artikel/neuere-notiz/feed/").status_code, 404)

    def test_a_routed_page_kept_in_a_cache_carries_none_of_the_routes_pages(self):
        from site_project.routing import RouteMiddleware

        request = RequestFactory().get(self.article.url)
        request.LANGUAGE_CODE = "de"
        RouteMiddleware(lambda request: None).process_view(
            request, wagtail_views.serve, (), {"path": "artikel/kunden-lieben/"}
        )
        page = request._wagtail_route_for_request[0]
        self.assertEqual(page.pk, self.article.pk)
        copy = pickle.loads(pickle.dumps(page._cached_parent_obj._cached_parent_obj))
        self.assertFalse(hasattr(copy, "_route_children") or hasattr(copy, "_route_request"))


class PreparedQueryTests(SiteTestCase):
    def test_runs_with_each_calls_values_including_like_patterns(self):
        query = PreparedQuery(
            lambda prefix, slug: ArticlePage.objects.filter(url_path__startswith=prefix).exclude(slug=slug),
            prefix=str,
            slug=str,
        )
        other = make_article(self.blog_index, title="Zweiter_Beitrag", slug="zweiter-beitrag")
        prefix = self.blog_index.url_path
        self.assertEqual({page.pk for page in query.run(prefix=prefix, slug="kunden-lieben")}, {other.pk})
        self.assertEqual({page.pk for page in query.run(prefix=prefix, slug="zweiter-beitrag")}, {self.article.pk})
        # LIKE's wildcards in a value are matched literally, as the queryset escapes them.
        self.assertEqual(query.run(prefix=prefix[:-1] + "_", slug="x"), [])

    def test_refuses_a_value_the_compiler_did_not_keep(self):
        query = PreparedQuery(lambda depth: ArticlePage.objects.filter(depth=depth + 1), depth=int)
        with self.assertRaises(ValueError):
            query.run(depth=2)


@skipUnless(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
class PreparedStatementTests(SiteTestCase):
    def prepared_statements(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def test_postgresql_plans_an_articles_queries_once_and_the_page_stays_the_same(self):
        first = self.client.get(self.article.url)
        second = self.client.get(self.article.url)
        # The render's fixed-shape queries were prepared on the first request and ran prepared on the second.
        prepared = self.prepared_statements()
        self.assertTrue(any('FROM "wagtailcore_site"' in statement for statement in prepared), prepared)
        self.assertTrue(any('"blog_readercomment"' in statement for statement in prepared), prepared)
        self.assertEqual(first.content, second.content)
        self.assertContains(second, "<h1>Kunden lieben</h1>")
        # Another article through the same prepared statements shows its own title and neighbours.
        other = make_article(self.blog_index, title="Zweite Notiz", slug="zweite-notiz", date=datetime.date(2031, 1, 1))
        response = self.client.get(other.url)
        self.assertContains(response, "<h1>Zweite Notiz</h1>")
        self.assertIn(">Kunden lieben</a>", response.content.decode().split('rel="prev"')[1][:40])

    def test_a_lists_query_is_planned_with_its_values_every_time(self):
        # After five runs PostgreSQL would plan a prepared statement without its values, and Wagtail's
        # ``path LIKE $1`` then reads the whole page table: the start page's queries are never prepared.
        for _ in range(7):
            response = self.client.get("/")
        self.assertContains(response, "Kunden lieben")
        prepared = self.prepared_statements()
        self.assertTrue(prepared)
        self.assertFalse([statement for statement in prepared if "home_homepagefeaturedarticle" in statement])
        self.assertFalse([statement for statement in prepared if "LIKE" in statement and "blog_category" in statement])


class PageUrlsPerRequestTests(SiteTestCase):
    """A render asks for the same pages' URLs many times; each is worked out once per request (site_project/pages.py)
    and still right when the page moves and for the caches' tags."""

    def request(self, path="/"):
        return RequestFactory().get(path, HTTP_HOST="localhost")

    def test_a_page_renamed_during_the_request_gets_its_new_url(self):
        # As the editor's publish does: the page is renamed and read again, in one request.
        request = self.request()
        self.assertEqual(self.article.get_url(request), "/artikel/kunden-lieben/")
        self.article.slug = "kunden-wirklich-lieben"
        self.article.save_revision().publish()
        renamed = ArticlePage.objects.get(pk=self.article.pk)
        self.assertEqual(renamed.get_url(request), "/artikel/kunden-wirklich-lieben/")
        self.assertEqual(renamed.get_full_url(request), "http://localhost/artikel/kunden-wirklich-lieben/")

    def test_a_url_worked_out_before_a_cached_render_still_tags_the_render_with_its_page(self):
        request = self.request()
        self.article.get_url(request)
        with collect_tags() as tags:
            self.article.get_url(request)
        self.assertIn(page_tag(self.article.pk), tags)
