"""The translation editor in the German admin: dates and language names in German."""

import json
import re
from html import unescape

from django.test import TestCase
from django.urls import reverse

from wagtail_localize.models import StringTranslation

from .test_localisation import TranslatorMixin

ENGLISH_MONTHS = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")


class TranslationEditorInGermanTests(TranslatorMixin, TestCase):
    def props(self):
        self.client.force_login(self.translator)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.en_article.pk]))
        html = response.content.decode()
        return json.loads(unescape(html.split('data-props="', 1)[1].split('"', 1)[0]))

    def test_the_last_published_date_and_the_segment_notes_carry_no_english_month(self):
        # As a translator's edit in the editor records them: "Manuell übersetzt am …".
        StringTranslation.objects.update(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL)
        props = self.props()
        published = props["object"]["lastPublishedDate"]
        self.assertRegex(published, r"^\d\d\.\d\d\.\d{4}$")
        comments = [t["comment"] for t in props["initialStringTranslations"] if t["comment"]]
        self.assertTrue(comments)
        for comment in comments:
            self.assertNotRegex(comment, ENGLISH_MONTHS)
        self.assertTrue(any(re.search(r" am \d\d\.\d\d\.\d{4}$", comment) for comment in comments), comments[:3])

    def test_the_languages_are_named_in_german(self):
        props = self.props()
        names = (props["sourceLocale"]["displayName"], props["locale"]["displayName"])
        self.assertEqual(names, ("Deutsch", "Englisch"))
