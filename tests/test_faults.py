"""Faults: with Redis down pages are still served and one warning is logged; with the database down readers get a
styled 503 page without a traceback; /healthz tells load balancers which service is missing."""

import json
import logging
import socket
from unittest import mock

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import RequestFactory, TestCase, override_settings

import pytest

from site_project.views import server_error

from .base import SiteTestCase, free_port, settings_in_fresh_process
from .builders import build_site


def redis_cache(url):
    return {
        "default": {
            "BACKEND": "site_project.caching.backends.redis.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test",
        }
    }


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


REDIS_DOWN = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
REDIS_UP = redis_cache(settings.TEST_REDIS_URL)


def _database_down(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@override_settings(PAGE_CACHE_ENABLED=True)
class RedisDownTests(SiteTestCase):
    # Per test, so that each starts with a fresh cache backend that has not yet noticed the outage.
    @override_settings(CACHES=REDIS_DOWN)
    def test_pages_are_still_served_and_one_warning_is_logged(self):
        with self.assertLogs("site_project.caching.backends.redis", level="WARNING") as logs:
            responses = [self.client.get("/artikel/kunden-lieben/") for _ in range(3)]
        for response in responses:
            self.assertContains(response, "<h1>Kunden lieben</h1>", html=True)
        self.assertEqual(len(logs.records), 1)
        self.assertIn("Redis cache unavailable", logs.records[0].getMessage())

    @override_settings(CACHES=REDIS_DOWN)
    def test_publishing_still_works(self):
        with (
            self.assertLogs("site_project.caching.backends.redis", level="WARNING"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.article.title = "Trotzdem veröffentlicht"
            self.article.save_revision().publish()
        self.assertContains(self.client.get("/artikel/kunden-lieben/"), "Trotzdem veröffentlicht")


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
@override_settings(CACHES=REDIS_UP, PAGE_CACHE_ENABLED=True)
class RedisUpTests(SiteTestCase):
    def setUp(self):
        cache.clear()

    def test_pages_are_cached_in_redis_and_refreshed_on_publish(self):
        self.assertEqual(self.client.get("/artikel/kunden-lieben/")["X-Page-Cache"], "miss")
        self.assertEqual(self.client.get("/artikel/kunden-lieben/")["X-Page-Cache"], "hit")
        with self.captureOnCommitCallbacks(execute=True):
            self.article.title = "Neu aus Redis"
            self.article.save_revision().publish()
        self.assertContains(self.client.get("/artikel/kunden-lieben/"), "Neu aus Redis")


class DatabaseDownTests(SiteTestCase):
    def test_reader_gets_a_styled_503_without_a_traceback(self):
        with self.assertLogs("site_project.middleware", level="WARNING"), connection.execute_wrapper(_database_down):
            response = self.client.get("/artikel/kunden-lieben/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        content = response.content.decode()
        self.assertIn("Vorübergehend nicht erreichbar", content)
        self.assertIn('<link rel="stylesheet" href="/static/css/site.css">', content)
        self.assertNotIn("Traceback", content)
        self.assertNotIn("5432", content)

    @override_settings(PAGE_CACHE_ENABLED=True)
    def test_cached_pages_are_still_served_while_the_database_is_down(self):
        cache.clear()
        self.client.get("/artikel/kunden-lieben/")
        with connection.execute_wrapper(_database_down):
            response = self.client.get("/artikel/kunden-lieben/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kunden lieben")

    def test_outage_outside_a_view_also_becomes_a_503(self):
        """Middleware errors reach handler500, which recognises the outage."""
        request = RequestFactory().get("/")
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            with self.assertLogs("site_project.middleware", level="WARNING"):
                response = server_error(request)
        self.assertEqual(response.status_code, 503)
        self.assertIn("Vorübergehend nicht erreichbar", response.content.decode())

    def test_other_errors_stay_a_500(self):
        request = RequestFactory().get("/")
        try:
            raise ValueError("bug")
        except ValueError:
            response = server_error(request)
        self.assertEqual(response.status_code, 500)


class ServerErrorTests(TestCase):
    """A 500 says who knows about it, and tells them when someone is configured to be told."""

    @classmethod
    def setUpTestData(cls):
        build_site()

    def fail(self):
        client = self.client_class(raise_request_exception=False)
        with mock.patch("home.models.HomePage.serve", side_effect=ValueError("bug")):
            return client.get("/")

    def test_without_admins_the_page_says_the_error_was_logged_and_no_mail_goes_out(self):
        response = self.fail()
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Der Fehler wurde protokolliert", status_code=500)
        self.assertNotContains(response, "benachrichtigt", status_code=500)
        self.assertEqual(mail.outbox, [])

    @override_settings(ADMINS=[("Betrieb", "betrieb@example.org")])
    def test_with_admins_they_get_a_mail_and_the_page_says_so(self):
        response = self.fail()
        self.assertContains(response, "Wir wurden benachrichtigt", status_code=500)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["betrieb@example.org"])
        self.assertIn("ValueError", mail.outbox[0].body)

    def test_admins_come_from_the_environment(self):
        admins = settings_in_fresh_process(
            {"admins": "settings.ADMINS"},
            "site_project.settings.test",
            DJANGO_ADMINS="Betrieb <betrieb@example.org>, admin@example.org",
        )["admins"]
        self.assertEqual(admins, [["Betrieb", "betrieb@example.org"], ["", "admin@example.org"]])

    @override_settings(ALLOWED_HOSTS=["blog.example.org"])
    def test_a_rejected_host_header_is_one_short_warning(self):
        with self.assertLogs("django.security.DisallowedHost", level="WARNING") as logs:
            response = self.client.get("/", HTTP_HOST="evil" * 1250)
        self.assertEqual(response.status_code, 400)
        [record] = logs.records
        self.assertEqual(record.levelname, "WARNING")
        self.assertIsNone(record.exc_info)
        self.assertLess(len(record.getMessage()), 200)
        self.assertIn("5000 characters", record.getMessage())
        self.assertEqual(mail.outbox, [])


class HealthCheckTests(TestCase):
    def test_healthy_site_answers_200_with_json(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "ok"})
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_database_down_answers_503(self):
        down = mock.patch("site_project.health.connection.cursor", side_effect=OperationalError("down"))
        with down, self.assertLogs("site_project.health", level="WARNING"):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(json.loads(response.content)["database"], "unavailable")

    @override_settings(CACHES=REDIS_DOWN)
    def test_cache_down_still_answers_200_and_reports_the_cache(self):
        logging.getLogger("site_project.caching.backends.redis").disabled = True
        try:
            response = self.client.get("/healthz")
        finally:
            logging.getLogger("site_project.caching.backends.redis").disabled = False
        # Pages are still served (rendered): the load balancer keeps the server; operators see the cache is down.
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "unavailable"})

    @override_settings(ALLOWED_HOSTS=["blog.example.org"], SECURE_SSL_REDIRECT=True)
    def test_load_balancer_probe_by_ip_over_http_is_answered(self):
        response = self.client.get("/healthz", HTTP_HOST="10.0.0.7")
        self.assertEqual(response.status_code, 200)

    def test_health_check_is_not_under_a_language_prefix(self):
        self.assertEqual(self.client.get("/en/healthz", follow=True).status_code, 404)
