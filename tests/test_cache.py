"""Page cache: anonymous readers get cached pages; editors, previews, POSTs and cookie holders never touch the cache;
publishing, unpublishing, moving and deleting pages, and purge_page(), refresh pages, listings and the CDN."""

import re
from unittest import mock

from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page

from blog.models import ArticlePage, BlogIndexPage
from site_project.caching.middleware import PageCacheMiddleware
from site_project.caching.utils import cache_key, local_copies, purge_page

from . import pagecache_urls
from .base import PageCacheTestCase, csrf_secret_of, form_values, post_data, post_url, recaptcha
from .builders import make_article

PURGED = []


class RecordingBackend(BaseBackend):
    """A CDN stand-in that remembers what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


class ServingTests(PageCacheTestCase):
    def test_second_anonymous_view_comes_from_the_cache_without_a_database_query(self):
        first = self.get("/artikel/kunden-lieben/")
        self.assertEqual(first["X-Page-Cache"], "miss")
        with self.assertNumQueries(0):
            second = self.get("/artikel/kunden-lieben/")
        self.assertEqual(second["X-Page-Cache"], "hit")
        # The same page: the comment form's per-reader values are fetched by script.
        self.assertEqual(second.content, first.content)
        self.assertContains(second, "<h1>Kunden lieben</h1>", html=True)

    def test_head_requests_are_answered_from_the_cache_without_a_body(self):
        self.get("/artikel/kunden-lieben/")
        response = self.client.head("/artikel/kunden-lieben/")
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertEqual(response.content, b"")
        self.assertEqual(response["Content-Length"], str(len(self.get("/artikel/kunden-lieben/").content)))

    def test_key_covers_host_path_query_and_language_but_not_parameter_order(self):
        factory = RequestFactory()

        def key(path, host="blog.example.org", language="de"):
            return cache_key(factory.get(path, HTTP_HOST=host), language)

        base = key("/artikel/?page=2&q=a")
        self.assertEqual(base, key("/artikel/?q=a&page=2"))
        self.assertNotEqual(base, key("/artikel/?page=3&q=a"))
        self.assertNotEqual(base, key("/artikel/?page=2&q=a", host="other.example.org"))
        self.assertNotEqual(base, key("/artikel/?page=2&q=a", language="en"))
        self.assertNotEqual(base, key("/artikel/neu/?page=2&q=a"))

    @override_settings(ALLOWED_HOSTS=["blog.example.org"])
    def test_tracking_parameters_and_host_ports_share_the_cached_page(self):
        """200 ``?utm=…`` variants and Host ports are one entry, rendered once; a parameter the page reads is not."""
        self.get("/artikel/kunden-lieben/", HTTP_HOST="blog.example.org")
        for number in range(1, 6):
            response = self.get(f"/artikel/kunden-lieben/?utm_source={number}&fbclid=x", HTTP_HOST="blog.example.org")
            self.assertEqual(response["X-Page-Cache"], "hit")
            response = self.get("/artikel/kunden-lieben/", HTTP_HOST=f"blog.example.org:{8000 + number}")
            self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertEqual(self.get("/artikel/?page=2", HTTP_HOST="blog.example.org")["X-Page-Cache"], "miss")

    def test_a_hit_carries_the_headers_of_the_rendered_page(self):
        """Security headers, policy, language and caching rules are the same whether the page was rendered or
        served from the cache; only the nonce, which is new for every response, differs."""
        first = self.get("/artikel/kunden-lieben/")
        second = self.get("/artikel/kunden-lieben/")
        self.assertEqual(second["X-Page-Cache"], "hit")

        def headers(response):
            nonce = re.compile(r"'nonce-[^']+'")
            return {
                name.lower(): nonce.sub("'nonce'", value)
                for name, value in response.items()
                if name.lower() not in {"x-page-cache", "content-length"}
            }

        self.assertEqual(headers(second), headers(first))
        self.assertEqual(second["Content-Length"], str(len(second.content)))
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
            self.assertIn(name, second)
        self.assertEqual(second["Content-Language"], "de")
        self.assertEqual(dict(second.cookies), dict(first.cookies))

    def test_each_language_is_served_in_its_own_language_whatever_the_browser_asks_for(self):
        for path, language, other in (("/suche/?q=Kunden", "de", "en"), ("/en/search/?q=Kunden", "en", "de")):
            self.assertEqual(self.get(path)["X-Page-Cache"], "miss")
            response = self.get(path, HTTP_ACCEPT_LANGUAGE=other)
            self.assertEqual(response["X-Page-Cache"], "hit", path)
            self.assertEqual(response["Content-Language"], language, path)
            self.assertContains(response, f'<html lang="{language}"', msg_prefix=path)

    def test_listing_pages_are_cached_separately(self):
        for number in range(12):
            make_article(self.blog_index, title=f"Weiterer Artikel {number}", slug=f"weiterer-{number}")
        first_page = self.get("/artikel/")
        second_page = self.get("/artikel/?page=2")
        self.assertEqual(second_page["X-Page-Cache"], "miss")
        self.assertNotEqual(first_page.content, second_page.content)
        self.assertEqual(self.get("/artikel/?page=2")["X-Page-Cache"], "hit")


class BypassTests(PageCacheTestCase):
    def test_editor_neither_reads_nor_fills_the_cache(self):
        self.get("/artikel/kunden-lieben/")
        # A change without a publish signal: only an uncached render can show it.
        ArticlePage.objects.filter(pk=self.article.pk).update(title="Nur für Redakteure sichtbar")
        editor = Client()
        editor.force_login(self._editor())
        response = self.get("/artikel/kunden-lieben/", client=editor)
        self.assertEqual(response["X-Page-Cache"], "bypass")
        self.assertContains(response, "Nur für Redakteure sichtbar")
        self.assertNotContains(self.get("/artikel/kunden-lieben/"), "Nur für Redakteure sichtbar")

    def test_a_page_rendered_for_an_editor_is_not_stored(self):
        editor = Client()
        editor.force_login(self._editor())
        self.get("/artikel/kunden-lieben/", client=editor)
        self.assertEqual(self.get("/artikel/kunden-lieben/")["X-Page-Cache"], "miss")

    def test_reader_with_a_session_or_other_cookie_gets_a_page_rendered_for_them(self):
        """Not the shared page: the form's CSRF token is their own and their comment is accepted. (What every reader
        sees alike may come from the render caches, which refresh with each change: tests/test_render_cache.py.)"""
        self.get("/artikel/kunden-lieben/")
        for address, cookie in (("198.51.100.7", "sessionid"), ("203.0.113.7", "held_comment")):
            # Each from a network of its own: the comment flood limit counts per (anonymised) address.
            reader = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
            reader.cookies[cookie] = "abc"
            response = self.get("/artikel/kunden-lieben/", client=reader)
            self.assertEqual(response["X-Page-Cache"], "bypass", cookie)
            self.assertContains(response, 'id="commentform"')
            token = form_values(reader)["csrfmiddlewaretoken"]
            with recaptcha():
                posted = reader.post(post_url(self.article), post_data(reader, csrfmiddlewaretoken=token))
            self.assertEqual(posted.status_code, 302, cookie)

    def test_csrf_and_language_cookies_alone_do_not_bypass_the_cache(self):
        self.get("/artikel/kunden-lieben/")
        reader = Client()
        reader.cookies["csrftoken"] = "x" * 32
        reader.cookies["django_language"] = "de"
        self.assertEqual(self.get("/artikel/kunden-lieben/", client=reader)["X-Page-Cache"], "hit")

    def test_post_requests_never_read_or_fill_the_cache(self):
        self.get("/artikel/kunden-lieben/")
        response = self.client.post("/artikel/kunden-lieben/", {"comment": "Hallo"})
        self.assertEqual(response["X-Page-Cache"], "bypass")
        # Empty: the shared cache and this process's copies of it.
        cache.clear()
        local_copies.clear()
        self.client.post("/artikel/kunden-lieben/", {"comment": "Hallo"})
        self.assertEqual(self.get("/artikel/kunden-lieben/")["X-Page-Cache"], "miss")

    def test_preview_shows_the_draft_not_the_cached_live_page(self):
        self.get("/artikel/kunden-lieben/")
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.title = "Entwurf in der Vorschau"
        response = article.make_preview_request()
        self.assertEqual(response["X-Page-Cache"], "bypass")
        self.assertContains(response, "Entwurf in der Vorschau")
        self.assertNotContains(self.get("/artikel/kunden-lieben/"), "Entwurf in der Vorschau")

    def test_responses_that_set_cookies_or_are_private_are_not_stored(self):
        def view_with_cookie(request):
            from django.http import HttpResponse

            response = HttpResponse("Hallo")
            response.set_cookie("tracking", "1")
            return response

        middleware = PageCacheMiddleware(view_with_cookie)
        request = RequestFactory().get("/irgendwo/")
        request.LANGUAGE_CODE = "de"
        self.assertEqual(middleware(request)["X-Page-Cache"], "bypass")
        self.assertEqual(middleware(request)["X-Page-Cache"], "bypass")

    def test_admin_and_not_found_pages_are_not_cached(self):
        self.assertEqual(self.get("/admin/login/")["X-Page-Cache"], "bypass")
        self.get("/gibt-es-nicht/")
        self.assertEqual(self.get("/gibt-es-nicht/")["X-Page-Cache"], "bypass")

    def _editor(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", "pw")


@override_settings(ROOT_URLCONF=pagecache_urls)
class PerRequestValuesTests(PageCacheTestCase):
    def test_every_reader_gets_their_own_working_csrf_token_from_the_cached_form(self):
        tokens = []
        rendered_before = pagecache_urls.COUNTER["renders"]
        for _ in range(2):
            reader = Client(enforce_csrf_checks=True)
            page = reader.get("/test-form/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
            tokens.append(token)
            self.assertEqual(
                reader.post("/test-form/", {"csrfmiddlewaretoken": token, "comment": "x"}).status_code, 200
            )
        self.assertEqual(page["X-Page-Cache"], "hit")
        self.assertIn("private", page["Cache-Control"])
        self.assertNotEqual(tokens[0], tokens[1])
        # Rendered once, served twice.
        self.assertEqual(pagecache_urls.COUNTER["renders"], rendered_before + 1)

    def test_a_reader_who_has_a_csrf_cookie_keeps_it_and_their_cached_form_works(self):
        reader = Client(enforce_csrf_checks=True)
        self.assertEqual(reader.get("/test-form/")["X-Page-Cache"], "miss")
        secret = reader.cookies["csrftoken"].value
        page = reader.get("/test-form/")
        self.assertEqual(page["X-Page-Cache"], "hit")
        self.assertEqual(page.cookies["csrftoken"].value, secret)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        self.assertEqual(reader.post("/test-form/", {"csrfmiddlewaretoken": token, "comment": "x"}).status_code, 200)

    def test_cached_inline_scripts_carry_the_nonce_of_the_current_response(self):
        self.get("/test-form/")
        nonces = []
        for _ in range(2):
            response = self.get("/test-form/")
            self.assertEqual(response["X-Page-Cache"], "hit")
            header_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
            page_nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
            self.assertEqual(page_nonces, {header_nonce})
            nonces.append(header_nonce)
        self.assertNotEqual(nonces[0], nonces[1])

    def test_cached_comment_form_page_still_allows_recaptcha(self):
        self.get("/test-form/")
        response = self.get("/test-form/")
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertIn("https://www.google.com", response["Content-Security-Policy"])


class InvalidationTests(PageCacheTestCase):
    def test_publishing_refreshes_the_article_its_listing_and_the_home_page(self):
        for path in ("/artikel/kunden-lieben/", "/artikel/", "/"):
            self.get(path)
        self.publish(ArticlePage.objects.get(pk=self.article.pk), title="Kunden wirklich lieben")
        self.assertContains(self.get("/artikel/kunden-lieben/"), "Kunden wirklich lieben")
        self.assertContains(self.get("/artikel/"), "Kunden wirklich lieben")

    def test_a_new_article_appears_in_the_cached_listing(self):
        self.get("/artikel/")
        with self.captureOnCommitCallbacks(execute=True):
            make_article(self.blog_index, title="Ganz neu", slug="ganz-neu")
        self.assertContains(self.get("/artikel/"), "Ganz neu")

    def test_unpublishing_removes_the_article_and_its_listing_entry(self):
        self.get("/artikel/kunden-lieben/")
        self.get("/artikel/")
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePage.objects.get(pk=self.article.pk).unpublish()
        self.assertEqual(self.get("/artikel/kunden-lieben/").status_code, 404)
        self.assertNotContains(self.get("/artikel/"), "Kunden lieben")

    def test_moving_an_article_refreshes_old_and_new_listings(self):
        other = self.home.add_child(instance=BlogIndexPage(title="Archiv", slug="archiv"))
        self.get("/artikel/kunden-lieben/")
        self.get("/artikel/")
        with self.captureOnCommitCallbacks(execute=True):
            Page.objects.get(pk=self.article.pk).move(other, pos="last-child")
        # Wagtail's redirects app sends the old address on to the new one.
        self.assertRedirects(self.get("/artikel/kunden-lieben/"), "/archiv/kunden-lieben/", status_code=301)
        self.assertNotContains(self.get("/artikel/"), "Kunden lieben")

    def test_deleting_an_article_refreshes_its_listing(self):
        self.get("/artikel/")
        with self.captureOnCommitCallbacks(execute=True):
            Page.objects.get(pk=self.article.pk).delete()
        self.assertNotContains(self.get("/artikel/"), "Kunden lieben")

    def test_renaming_a_category_refreshes_the_articles_that_show_it(self):
        self.assertContains(self.get("/artikel/kunden-lieben/"), self.category.name)
        self.category.name = "Kundenpflege"
        with self.captureOnCommitCallbacks(execute=True):
            self.category.save()
        self.assertContains(self.get("/artikel/kunden-lieben/"), "Kundenpflege")

    def test_making_an_article_private_takes_it_out_of_the_cache_at_once(self):
        from wagtail.models import PageViewRestriction

        reader_with_cookie = Client()
        reader_with_cookie.cookies["reader"] = "1"
        for client in (self.client, reader_with_cookie):
            self.get("/artikel/kunden-lieben/", client=client)
            self.assertContains(self.get("/artikel/kunden-lieben/", client=client), "<h1>Kunden lieben</h1>", html=True)
        # What the admin's privacy dialog does: no publish.
        with self.captureOnCommitCallbacks(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=self.article, restriction_type="password", password="geheim"
            )
        for client in (self.client, reader_with_cookie):
            response = self.get("/artikel/kunden-lieben/", client=client)
            self.assertNotContains(response, "<h1>Kunden lieben</h1>", html=True)
            self.assertContains(response, 'name="password"')
        with self.captureOnCommitCallbacks(execute=True):
            restriction.delete()
        self.assertContains(self.get("/artikel/kunden-lieben/"), "<h1>Kunden lieben</h1>", html=True)

    def test_nothing_is_refreshed_when_the_transaction_rolls_back(self):
        from django.db import transaction

        self.get("/artikel/")
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            purge_page(self.article)
            transaction.set_rollback(True)
        self.assertEqual(self.get("/artikel/")["X-Page-Cache"], "hit")
        # …and a later purge still works.
        with self.captureOnCommitCallbacks(execute=True):
            purge_page(self.article)
        self.assertEqual(self.get("/artikel/")["X-Page-Cache"], "miss")

    def test_refresh_command_after_a_release_renders_every_page_afresh(self):
        from io import StringIO

        from django.core.management import call_command

        self.get("/artikel/")
        self.assertEqual(self.get("/artikel/")["X-Page-Cache"], "hit")
        output = StringIO()
        call_command("refresh_page_cache", stdout=output)
        self.assertIn("refreshed", output.getvalue())
        self.assertEqual(self.get("/artikel/")["X-Page-Cache"], "miss")


@override_settings(
    WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": "tests.test_cache.RecordingBackend"}},
)
class PurgeFunctionTests(PageCacheTestCase):
    def setUp(self):
        super().setUp()
        PURGED.clear()

    def test_purge_page_refreshes_the_page_after_a_change_that_sends_no_signal(self):
        """What the comments code does after approving, editing or deleting comments in bulk."""
        self.get("/artikel/kunden-lieben/")
        ArticlePage.objects.filter(pk=self.article.pk).update(title="Mit neuem Kommentar")
        self.assertNotContains(self.get("/artikel/kunden-lieben/"), "Mit neuem Kommentar")
        with self.captureOnCommitCallbacks(execute=True):
            purge_page(self.article)
        self.assertContains(self.get("/artikel/kunden-lieben/"), "Mit neuem Kommentar")

    def test_purge_page_asks_the_cdn_to_forget_the_page_and_its_listings(self):
        with self.captureOnCommitCallbacks(execute=True):
            purge_page(self.article)
        self.assertEqual(
            set(PURGED),
            {"http://localhost/artikel/kunden-lieben/", "http://localhost/artikel/", "http://localhost/"},
        )

    def test_publishing_purges_the_cdn(self):
        self.publish(ArticlePage.objects.get(pk=self.article.pk), title="Neu")
        self.assertIn("http://localhost/artikel/kunden-lieben/", PURGED)
        self.assertIn("http://localhost/artikel/", PURGED)


class CommentModerationTests(PageCacheTestCase):
    def test_approving_a_held_comment_in_the_admin_refreshes_the_cached_article(self):
        """The admin's approve button updates without a model signal; the cached article must still change."""
        from django.contrib.auth import get_user_model

        from blog.models import ReaderComment

        comment = ReaderComment.objects.create(
            article=self.article, name="Erika Muster", email="erika@example.org", text="Sehr hilfreicher Artikel!"
        )
        ReaderComment.objects.filter(pk=comment.pk).update(status=ReaderComment.Status.PENDING)
        self.assertNotContains(self.get("/artikel/kunden-lieben/"), "Sehr hilfreicher Artikel!")
        moderator = Client()
        moderator.force_login(get_user_model().objects.create_superuser("mod", "mod@example.org", "pw"))
        with self.captureOnCommitCallbacks(execute=True):
            moderator.post(reverse(ReaderComment.snippet_viewset.get_url_name("approve"), args=[comment.pk]))
        self.assertContains(self.get("/artikel/kunden-lieben/"), "Sehr hilfreicher Artikel!")

    @override_settings(PAGE_CACHE_SHARED_MAX_AGE=300)
    def test_a_cached_article_is_the_same_for_every_reader_and_may_be_kept_by_a_cdn(self):
        """Nothing of one reader is in it: no CSRF cookie or token, no start time; so shared caches may keep it."""
        url = "/artikel/kunden-lieben/"
        self.assertEqual(self.get(url)["X-Page-Cache"], "miss")
        response = self.get(url)
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertEqual(dict(response.cookies), {})
        self.assertEqual(response["Cache-Control"], "public, max-age=0, s-maxage=300")
        html = response.content.decode()
        self.assertIn('<input type="hidden" name="csrfmiddlewaretoken" value="">', html)
        self.assertIn('<input type="hidden" name="started" id="id_started">', html)

    def test_the_comment_form_gets_a_fresh_start_time_and_token_when_the_reader_starts_writing(self):
        """Bots must still wait the minimum fill time: the signed start comes when the form is used, never from a
        cache."""
        from blog.comments.forms import seconds_since_start

        reader = Client(enforce_csrf_checks=True)
        self.get("/artikel/kunden-lieben/", client=reader)
        with mock.patch("blog.comments.forms.time.time", return_value=1_000_000):
            form_values(reader)
        with mock.patch("blog.comments.forms.time.time", return_value=1_000_600):
            response = reader.get("/kommentare/formular-token/")
            self.assertEqual(seconds_since_start(response.json()["started"], csrf_secret_of(reader)), 0)
        self.assertEqual(response["X-Page-Cache"], "bypass")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("csrftoken", response.cookies)
        values = form_values(reader)
        with recaptcha():
            posted = reader.post(
                post_url(self.article), post_data(reader, csrfmiddlewaretoken=values["csrfmiddlewaretoken"])
            )
        self.assertEqual(posted.status_code, 302)
