"""50 readers post at the same moment: every comment is stored, none gets a server error or a locked database."""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

from wagtail.models import Locale, Page

import pytest

from blog.models import ReaderComment

from .base import post_data, recaptcha
from .builders import build_site, make_article

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 50


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class WideServer(ThreadedWSGIServer):
    """Django's threaded server with a listen queue that takes 50 connections at once (the default takes 5)."""

    request_queue_size = 128


def form_values(server, article):
    """The reader opens the article and starts writing: comments.js fetches their CSRF cookie and token."""
    with urllib.request.urlopen(server + article.url, timeout=10) as page:
        assert 'id="commentform"' in page.read().decode()
    with urllib.request.urlopen(f"{server}/kommentare/formular-token/", timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        return cookie, json.loads(response.read())["csrfmiddlewaretoken"]


def send_comment(server, article, cookie, token, data, **headers):
    """Post ``data`` to the article's comment URL as the reader holding ``cookie`` and ``token``; return the status
    (a redirect is not followed)."""
    request = urllib.request.Request(
        f"{server}/kommentare/{article.pk}/",
        data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode(),
        headers={"Cookie": cookie, **headers},
    )
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def threaded_server(transactional_db):
    # A flush between transactional tests also removes what the migrations made: the locale and the root page.
    german, _created = Locale.objects.get_or_create(language_code="de")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=german))
    server = WideServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_fifty_concurrent_posts_store_fifty_rows(threaded_server, settings):
    # Each reader behind our one trusted proxy has an address of its own, so flood control stays out of the way.
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    _home, blog_index = build_site()
    article = make_article(blog_index, title="Muss man seine Kunden lieben?")
    cookie, token = form_values(threaded_server, article)
    barrier = threading.Barrier(READERS)

    def post(number):
        data = post_data(cookie, email=f"leser{number}@example.org", text=f"Gleichzeitig {number}")
        barrier.wait(timeout=30)
        headers = {"X-Forwarded-For": f"198.51.{number}.10", "Referer": threaded_server}
        return send_comment(threaded_server, article, cookie, token, data, **headers)

    with recaptcha(), ThreadPoolExecutor(max_workers=READERS) as pool:
        statuses = list(pool.map(post, range(READERS)))

    assert statuses == [302] * READERS
    assert ReaderComment.objects.filter(article=article).count() == READERS
    assert ReaderComment.objects.values("email").distinct().count() == READERS


def test_a_burst_from_one_address_stores_one_comment_and_refuses_the_rest(threaded_server):
    """Flood control holds under concurrency: the check and the insert run in one serialised transaction."""
    _home, blog_index = build_site()
    article = make_article(blog_index)
    cookie, token = form_values(threaded_server, article)
    burst = 10
    barrier = threading.Barrier(burst)

    def post(number):
        data = post_data(cookie, email=f"burst{number}@example.org", text=f"Burst {number}")
        barrier.wait(timeout=30)
        return send_comment(threaded_server, article, cookie, token, data)

    with recaptcha(), ThreadPoolExecutor(max_workers=burst) as pool:
        statuses = sorted(pool.map(post, range(burst)))

    assert statuses == [302] + [429] * (burst - 1)
    assert ReaderComment.objects.filter(article=article).count() == 1


def test_a_get_is_answered_while_two_posts_wait_for_a_hanging_google(threaded_server, settings):
    """Google's verification hangs (a stuck name lookup) in two posts: readers are served meanwhile, and the posts
    are held once Google fails (tests/test_comment_consent.py checks the deadline itself)."""
    settings.COMMENTS_RECAPTCHA_DEADLINE_SECONDS = 30
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    _home, blog_index = build_site()
    article = make_article(blog_index)
    cookie, token = form_values(threaded_server, article)
    release = threading.Event()
    waiting = threading.Semaphore(0)

    def hang(**kwargs):
        waiting.release()
        release.wait(timeout=60)
        raise TimeoutError("released")

    def post(number):
        data = post_data(cookie, email=f"haengt{number}@example.org", text=f"Hängt {number}")
        headers = {"X-Forwarded-For": f"198.51.{number}.10", "Referer": threaded_server}
        return send_comment(threaded_server, article, cookie, token, data, **headers)

    try:
        with (
            mock.patch("django_recaptcha.fields.client.submit", side_effect=hang),
            ThreadPoolExecutor(max_workers=2) as pool,
        ):
            posts = [pool.submit(post, number) for number in range(2)]
            assert waiting.acquire(timeout=30) and waiting.acquire(timeout=30), "the posts never reached Google"
            with urllib.request.urlopen(threaded_server + article.url, timeout=30) as page:
                assert page.status == 200
            assert not any(future.done() for future in posts)
            release.set()
            assert [future.result(timeout=30) for future in posts] == [302, 302]
    finally:
        release.set()
    held = ReaderComment.objects.filter(article=article)
    assert sorted(held.values_list("status", "unverified")) == [("pending", True), ("pending", True)]
