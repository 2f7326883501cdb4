"""The settings every environment shares: German first, in Berlin time, English under /en/. (What production
refuses to start without is in test_production.)"""

from django.conf import settings
from django.test import SimpleTestCase


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
