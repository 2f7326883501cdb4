"""Faults the cache must survive, on a real Redis that the test starts on its own free port: frozen (SIGSTOP) or
restarted empty while content changes, a page that is no longer live or public is never served from any layer,
and the purges that could not be written are carried out once Redis answers again."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from django.core.cache import caches
from django.test import override_settings

from wagtail.models import PageViewRestriction

import pytest

from blog.models import ReaderComment
from site_project.caching.utils import pending_failed_purges

from .base import PageCacheTestCase, free_port
from .builders import make_comment

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")

URL = "/artikel/kunden-lieben/"


def _wait_for(condition, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class RedisServer:
    """A throw-away redis-server of this test's own, without persistence (a restart comes back empty)."""

    def __init__(self):
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="redis-test-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(self.answers, what="redis-server to answer")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process is not None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class RealRedisTestCase(PageCacheTestCase):
    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer()
        cls.redis.start()
        cls.caches_override = override_settings(
            CACHES={
                "default": {
                    "BACKEND": "site_project.caching.backends.redis.ResilientRedisCache",
                    "LOCATION": f"redis://127.0.0.1:{cls.redis.port}/0",
                    # Short timeouts and back-off: the test waits for Redis, not for its timeouts.
                    "OPTIONS": {"retry_after": 0.1, "socket_timeout": 0.3, "socket_connect_timeout": 0.3},
                }
            },
            # Every request reads the clock and tags afresh: what another server would see after a second.
            PAGE_CACHE_GENERATION_TTL=0,
        )
        cls.caches_override.enable()
        # Class cleanups run last in, first out: after the class's own settings overrides are undone.
        cls.addClassCleanup(cls.redis.cleanup)
        cls.addClassCleanup(cls.caches_override.disable)
        super().setUpClass()

    def setUp(self):
        if self.redis.process is None:
            self.redis.start()
        caches["default"].clear()
        super().setUp()

    def tearDown(self):
        self.redis.thaw()
        super().tearDown()

    def warm(self, path=URL):
        self.client.get(path)
        response = self.client.get(path)
        self.assertEqual(response["X-Page-Cache"], "hit", "served from Redis or this process's copy")

    def until_redis_answers_the_app(self):
        cache = caches["default"]
        _wait_for(lambda: cache.ping() and (cache.get("probe") or True) and cache.is_available, what="the app")


class FrozenRedisTests(RealRedisTestCase):
    def test_an_article_unpublished_while_redis_is_frozen_is_never_served_again(self):
        self.warm()
        self.warm("/artikel/")
        self.redis.freeze()
        with (
            self.assertLogs("site_project.caching", level="WARNING") as logs,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.article.unpublish()
        self.assertTrue(any("kept" in line for line in logs.output), logs.output)
        self.assertGreater(pending_failed_purges()["tags"], 0)
        # While frozen: nothing from any layer, this process's copies included.
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.assertNotContains(self.client.get("/artikel/"), "Kunden lieben")

        self.redis.thaw()
        self.until_redis_answers_the_app()
        for _ in range(3):
            self.assertEqual(self.client.get(URL).status_code, 404)
            self.assertNotContains(self.client.get("/artikel/"), "Kunden lieben")
        self.assertEqual(pending_failed_purges()["tags"], 0, "the kept purge was carried out")

    def test_a_password_added_while_redis_is_frozen_is_asked_for(self):
        self.warm()
        self.redis.freeze()
        with self.assertLogs("site_project.caching", level="WARNING"), self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.article, restriction_type="password", password="geheim")
        self.assertContains(self.client.get(URL), 'name="password"')
        self.redis.thaw()
        self.until_redis_answers_the_app()
        for _ in range(3):
            self.assertContains(self.client.get(URL), 'name="password"')


class RestartedRedisTests(RealRedisTestCase):
    def test_changes_during_a_restart_show_and_old_copies_are_not_served(self):
        self.warm()
        self.redis.stop()
        with self.assertLogs("site_project.caching", level="WARNING"), self.captureOnCommitCallbacks(execute=True):
            make_comment(self.article, status=ReaderComment.Status.APPROVED, text="Erste Freigabe")
            make_comment(self.article, status=ReaderComment.Status.APPROVED, text="Zweite Freigabe")
        self.assertContains(self.client.get(URL), "Zweite Freigabe")
        # Back, empty: this process still holds its copy of the page from before.
        self.redis.start()
        self.until_redis_answers_the_app()
        for _ in range(3):
            response = self.client.get(URL)
            self.assertContains(response, "Erste Freigabe")
            self.assertContains(response, "Zweite Freigabe")
        self.assertEqual(response["X-Page-Cache"], "hit", "cached again once Redis is back")

    def test_a_copy_in_this_process_is_not_served_after_redis_comes_back_empty(self):
        self.warm()
        self.redis.stop()
        self.redis.start()
        self.until_redis_answers_the_app()
        # Unpublished directly in the database (no purge at all): only an empty cache can tell.
        type(self.article).objects.filter(pk=self.article.pk).update(live=False)
        self.assertEqual(self.client.get(URL).status_code, 404)
