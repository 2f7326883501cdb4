"""Render caches (site_project/caching/render.py): a page rendered for a reader the page cache cannot serve (any
cookie) costs a fixed, small number of queries, still shows every change at once, and never shares what belongs to one
reader."""

from unittest import mock

from django.test import Client, override_settings

from blog.comments.tree import held_token
from blog.models import ArticlePage, ReaderComment
from site_project.caching.render import get, key_for, store

from .assertions import QueryCountAssertions
from .base import PageCacheTestCase, SiteTestCase, csrf_secret_of, form_values, post_data, post_url, recaptcha
from .builders import make_article, make_comment

URL = "/artikel/kunden-lieben/"


class RenderCacheTestCase(QueryCountAssertions, PageCacheTestCase):
    """The page cache's site, plus a second article in the same category."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_article(cls.blog_index, title="Büroalltag", slug="bueroalltag", categories=[cls.category])

    def reader(self, **extra):
        """A reader the page cache does not serve: any cookie of its own makes the page rendered for them."""
        client = Client(**extra)
        client.cookies["reader"] = "1"
        return client


class CostTests(RenderCacheTestCase):
    def test_a_rendered_article_costs_no_query_once_its_parts_are_cached(self):
        """Route, view restrictions, links and fragments all come from the cache; with 2 or with 200 comments."""
        reader = self.reader()
        self.assertEqual(reader.get(URL)["X-Page-Cache"], "bypass")
        with self.assertNumQueries(0):
            response = reader.get(URL)
        self.assertContains(response, "<h1>Kunden lieben</h1>", html=True)
        self.assertContains(response, 'id="commentform"')

        for number in range(200):
            make_comment(self.article, text=f"Leserkommentar {number}")
        with self.captureOnCommitCallbacks(execute=True):
            # What the admin's approve button does after a bulk change.
            from site_project.caching.utils import purge_page

            purge_page(self.article)
        first = reader.get(URL)
        self.assertContains(first, "200 Gedanken zu „Kunden lieben“")
        with self.assertNumQueries(0):
            response = reader.get(URL)
        self.assertContains(response, "Leserkommentar 199")

    def test_home_article_list_and_archive_cost_a_fixed_number_of_queries(self):
        reader = self.reader()
        # The article list's public() filter (1), the category's lookup (1).
        pinned = (("/", 0), ("/artikel/", 1), ("/artikel/?page=2", 1), ("/artikel/kategorie/kundenbeziehung/", 2))
        for url, queries in pinned:
            with self.subTest(url=url):
                self.assertSteadyQueries(url, queries, client=reader)


class FreshnessTests(RenderCacheTestCase):
    def test_a_published_change_shows_at_once(self):
        reader = self.reader()
        reader.get(URL)
        reader.get("/artikel/")
        self.publish(ArticlePage.objects.get(pk=self.article.pk), title="Kunden wirklich lieben")
        self.assertContains(reader.get(URL), "<h1>Kunden wirklich lieben</h1>", html=True)
        self.assertContains(reader.get("/artikel/"), "Kunden wirklich lieben")

    def test_an_unpublished_article_is_gone_and_a_moved_one_found_at_its_new_address(self):
        from wagtail.models import Page

        from blog.models import BlogIndexPage

        reader = self.reader()
        reader.get(URL)
        reader.get("/artikel/bueroalltag/")
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePage.objects.get(pk=self.article.pk).unpublish()
        self.assertEqual(reader.get(URL).status_code, 404)

        archive = self.home.add_child(instance=BlogIndexPage(title="Archiv", slug="archiv"))
        with self.captureOnCommitCallbacks(execute=True):
            Page.objects.get(pk=self.other.pk).move(archive, pos="last-child")
        self.assertContains(reader.get("/archiv/bueroalltag/"), "<h1>Büroalltag</h1>", html=True)

    def test_an_approved_comment_and_changed_comment_settings_show_at_once(self):
        from blog.models import CommentSettings

        reader = self.reader()
        reader.get(URL)
        with self.captureOnCommitCallbacks(execute=True):
            make_comment(self.article, text="Frisch freigeschaltet")
        response = reader.get(URL)
        self.assertContains(response, "Frisch freigeschaltet")
        self.assertContains(response, "1 Kommentar")

        settings = CommentSettings.for_site(self.home.get_site())
        settings.close_after_days = 1
        with self.captureOnCommitCallbacks(execute=True):
            settings.save()
        response = reader.get(URL)
        self.assertContains(response, "Die Kommentarfunktion ist geschlossen.")
        self.assertNotContains(response, 'id="commentform"')

    def test_editors_and_previews_never_see_cached_parts(self):
        from django.contrib.auth import get_user_model

        self.reader().get(URL)
        # A change without a signal: only a render that uses no cached part can show it.
        ArticlePage.objects.filter(pk=self.article.pk).update(title="Nur frisch sichtbar")
        editor = Client()
        editor.force_login(get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw"))
        self.assertContains(editor.get(URL), "<h1>Nur frisch sichtbar</h1>", html=True)
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.title = "Entwurf"
        self.assertContains(article.make_preview_request(), "<h1>Entwurf</h1>", html=True)
        self.assertNotContains(self.reader().get(URL), "Nur frisch sichtbar")


class PersonalPartsTests(RenderCacheTestCase):
    def test_each_reader_gets_their_own_csrf_token_and_can_comment(self):
        first, second = (
            self.reader(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7"),
            self.reader(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7"),
        )
        tokens = []
        for client in (first, second):
            self.assertContains(client.get(URL), 'id="commentform"')
            token = form_values(client)["csrfmiddlewaretoken"]
            tokens.append(token)
            with recaptcha():
                response = client.post(post_url(self.article), post_data(client, csrfmiddlewaretoken=token))
            self.assertEqual(response.status_code, 302)
        self.assertNotEqual(tokens[0], tokens[1])
        self.assertNotIn("__PAGE_CACHE_", first.get(URL).content.decode())

    def test_the_start_time_is_when_the_reader_starts_writing_not_when_the_form_was_cached(self):
        from blog.comments.forms import seconds_since_start

        reader = self.reader()
        with mock.patch("blog.comments.forms.time.time", return_value=1_000_000):
            reader.get(URL)
        with mock.patch("blog.comments.forms.time.time", return_value=1_000_600):
            self.assertIn('name="started" id="id_started">', reader.get(URL).content.decode())
            started = form_values(reader)["started"]
            self.assertEqual(seconds_since_start(started, csrf_secret_of(reader)), 0)

    def test_a_held_comment_is_shown_to_its_writer_only(self):
        make_comment(self.article, text="Schon freigeschaltet")
        held = make_comment(self.article, text="Wartet auf Freigabe", status=ReaderComment.Status.PENDING)
        self.reader().get(URL)
        writer = self.reader().get(f"{URL}?unapproved={held_token(held)}")
        self.assertContains(writer, "Wartet auf Freigabe")
        self.assertContains(writer, "Ihr Kommentar wartet auf Freischaltung.")
        self.assertContains(writer, "Schon freigeschaltet")
        self.assertNotContains(self.reader().get(URL), "Wartet auf Freigabe")

    def test_the_reply_form_is_placed_under_its_comment_and_sends_the_reply(self):
        parent = make_comment(self.article, name="Erika Muster", text="Gute Frage!")
        reader = self.reader(enforce_csrf_checks=True)
        reader.get(URL)
        response = reader.get(f"{URL}?replytocom={parent.pk}")
        html = response.content.decode()
        slot = html.index(f'data-reply-slot="{parent.pk}"')
        self.assertGreater(html.index('id="commentform"'), slot)
        self.assertContains(response, "Auf den Kommentar von Erika Muster antworten")
        self.assertNotIn("__PAGE_CACHE_", html)
        token = form_values(reader)["csrfmiddlewaretoken"]
        with recaptcha():
            posted = reader.post(
                post_url(self.article), post_data(reader, parent=str(parent.pk), csrfmiddlewaretoken=token)
            )
        self.assertEqual(posted.status_code, 302)
        self.assertEqual(ReaderComment.objects.filter(parent=parent).count(), 1)


class ViewRestrictionTests(RenderCacheTestCase):
    def test_a_password_protected_article_asks_every_reader_until_they_enter_the_password(self):
        from django.urls import reverse

        from wagtail.models import PageViewRestriction

        with self.captureOnCommitCallbacks(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=self.article, restriction_type="password", password="geheim"
            )
        reader = self.reader()
        for _ in range(2):  # The second comes from the cached route, with its restriction.
            response = reader.get(URL)
            self.assertContains(response, 'name="password"')
            self.assertNotContains(response, "<h1>Kunden lieben</h1>", html=True)
        reader.post(
            reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, self.article.pk]),
            {"password": "geheim", "return_url": URL},
        )
        self.assertContains(reader.get(URL), "<h1>Kunden lieben</h1>", html=True)
        self.assertContains(self.reader().get(URL), 'name="password"')


class FaultTests(RenderCacheTestCase):
    def test_a_route_stored_by_another_release_is_ignored(self):
        reader = self.reader()
        reader.get(URL)
        route_key = key_for("route", key_for("site", "testserver", "80"), "de", "artikel/kunden-lieben")
        self.assertIsNotNone(get(route_key), "the route of the first view is stored under this key")
        store(route_key, ("not", "a", "route"))
        self.assertContains(reader.get(URL), "<h1>Kunden lieben</h1>", html=True)
        self.assertEqual(get(route_key)[0], 2, "stored anew: the article takes both segments of its URL")

    def test_pages_are_rendered_when_the_cache_is_down(self):
        from site_project.caching.utils import local_copies

        local_copies.clear()
        with mock.patch("site_project.caching.utils.get_cache") as get_cache:
            # Every read finds nothing, as the Redis backend answers while Redis is down.
            get_cache.return_value.get_many.side_effect = lambda keys: {}
            get_cache.return_value.get.return_value = None
            response = self.reader().get(URL)
        self.assertContains(response, "<h1>Kunden lieben</h1>", html=True)


@override_settings(PAGE_CACHE_ENABLED=True)
class WarmUpTests(SiteTestCase):
    def test_templates_compile_and_a_new_worker_renders_home_and_newest_article(self):
        from django.core.signals import request_finished, request_started
        from django.core.wsgi import get_wsgi_application
        from django.db import close_old_connections

        from site_project.warmup import compile_templates, warm_up

        # As Django's test client does: the test's transaction must outlive the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with self.assertNoLogs("site_project.warmup", level="WARNING"):
                self.assertGreater(compile_templates(), 30)
                statuses = warm_up(get_wsgi_application())
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        self.assertEqual(statuses, ["200 OK", "200 OK"])
