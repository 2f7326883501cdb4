"""Admin sign-in: after five failures for one user name from one IP address, that combination is locked with a
German message; the same user elsewhere and other users from the same address can still sign in."""

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings

from axes.handlers.proxy import AxesProxyHandler

from .base import free_port, settings_in_fresh_process


@override_settings(AXES_ENABLED=True)
class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.editor = User.objects.create_superuser("redaktion", "redaktion@example.org", "richtig-geheim")
        User.objects.create_superuser("kollegin", "kollegin@example.org", "auch-geheim")

    def attempt(self, username, password, ip="203.0.113.5"):
        return self.client.post(
            "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="de"
        )

    def fail_five_times(self):
        responses = [self.attempt("redaktion", "falsch") for _ in range(5)]
        return responses

    def test_four_failures_still_show_the_login_form(self):
        for _ in range(4):
            response = self.attempt("redaktion", "falsch")
            self.assertEqual(response.status_code, 200)
        self.assertEqual(self.attempt("redaktion", "richtig-geheim").status_code, 302)

    def test_fifth_failure_locks_the_user_from_that_address_with_a_german_message(self):
        responses = self.fail_five_times()
        self.assertEqual(responses[-1].status_code, 429)
        locked = self.attempt("redaktion", "richtig-geheim")
        self.assertEqual(locked.status_code, 429)
        self.assertEqual(locked["Retry-After"], "900")
        content = locked.content.decode()
        self.assertIn("Anmeldung vorübergehend gesperrt", content)
        self.assertIn("15 Minuten", content)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lock_applies_only_to_that_user_and_address(self):
        self.fail_five_times()
        self.assertEqual(self.attempt("redaktion", "richtig-geheim", ip="198.51.100.9").status_code, 302)
        self.client.logout()
        self.assertEqual(self.attempt("kollegin", "auch-geheim").status_code, 302)


def production_axes_handler_with_redis():
    return settings_in_fresh_process({"axes": "settings.AXES_HANDLER"}, REDIS_URL="redis://127.0.0.1:6379/0")["axes"]


class LoginLockoutDuringRedisOutageTests(TestCase):
    """With REDIS_URL set and Redis unreachable, production's lockout still counts every failure."""

    @classmethod
    def setUpTestData(cls):
        get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", "richtig-geheim")

    def setUp(self):
        port = free_port()  # a Redis that is down
        outage = override_settings(
            AXES_ENABLED=True,
            AXES_HANDLER=production_axes_handler_with_redis(),
            CACHES={
                "default": {
                    "BACKEND": "site_project.caching.backends.redis.ResilientRedisCache",
                    "LOCATION": f"redis://127.0.0.1:{port}/0",
                },
                "axes": {
                    "BACKEND": "site_project.caching.backends.redis.ResilientRedisCache",
                    "LOCATION": f"redis://127.0.0.1:{port}/0",
                },
            },
        )
        outage.enable()
        self.addCleanup(outage.disable)
        AxesProxyHandler.get_implementation(force=True)
        self.addCleanup(AxesProxyHandler.get_implementation, force=True)

    def test_five_wrong_passwords_lock_the_account_while_redis_is_down(self):
        for _ in range(5):
            self.client.post(
                "/admin/login/", {"username": "redaktion", "password": "falsch"}, REMOTE_ADDR="203.0.113.5"
            )
        right = self.client.post(
            "/admin/login/", {"username": "redaktion", "password": "richtig-geheim"}, REMOTE_ADDR="203.0.113.5"
        )
        self.assertEqual(right.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
