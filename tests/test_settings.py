"""Settings come from the environment; production refuses to start without what it needs."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "blog.example.org",
    "RECAPTCHA_PUBLIC_KEY": "real-public-key",
    "RECAPTCHA_PRIVATE_KEY": "real-private-key",
}


def load_production_settings(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.update({key: value for key, value in {**PRODUCTION_ENV, **overrides}.items() if value is not None})
    env["DJANGO_SETTINGS_MODULE"] = "site_project.settings.production"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_production_starts_with_everything_set(self):
        result = load_production_settings()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "False")

    def test_production_refuses_to_start_without_secret_key_or_hosts_and_says_what_to_set(self):
        for missing in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
            with self.subTest(missing=missing):
                result = load_production_settings(**{missing: None})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(missing, result.stderr)

    def test_production_refuses_googles_test_recaptcha_keys(self):
        from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

        result = load_production_settings(RECAPTCHA_PUBLIC_KEY=TEST_PUBLIC_KEY, RECAPTCHA_PRIVATE_KEY=TEST_PRIVATE_KEY)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("test keys", result.stderr)


class GermanFirstSettingsTests(SimpleTestCase):
    def test_german_is_the_default_language_in_berlin_time(self):
        self.assertEqual(settings.LANGUAGE_CODE, "de")
        self.assertEqual(settings.TIME_ZONE, "Europe/Berlin")
        self.assertEqual([code for code, _name in settings.LANGUAGES], ["de", "en"])

    def test_english_pages_live_under_en_and_german_without_prefix(self):
        from django.urls import reverse
        from django.utils import translation

        with translation.override("de"):
            self.assertEqual(reverse("search"), "/suche/")
        with translation.override("en"):
            self.assertEqual(reverse("search"), "/en/search/")
