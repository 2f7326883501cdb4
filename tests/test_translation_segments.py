"""What a translator is given to translate: a line of a paragraph per segment, and no table cell that is only a figure.

The translations go through the translation editor's own endpoint (the request its Save button sends) and are
published as „Veröffentlichen in English“ publishes them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from blog.models import ArticlePage
from blog.segments import extract_lines
from home.translators import GROUP_NAME

from .builders import build_bilingual_site, make_article

LINES = "<p>Musterbüro GmbH<br/>Musterstraße 1<br/>12345 Musterstadt</p>"
TABLE = {
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "Preise im Überblick",
    "data": [
        ["Leistung", "Seiten", "Anteil", "Preis", "Stand"],
        ["Schreibservice", "5", "10 %", "20 €", "2026-12-01"],
        ["Telefonservice", "10–20", "3,5 %", "12,50 €", "01.12.2026"],
    ],
}


class TranslatorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index, cls.en_home, cls.en_index = build_bilingual_site()
        cls.en = Locale.objects.get(language_code="en")
        cls.translator = get_user_model().objects.create_user("uebersetzerin", password="x")
        cls.translator.groups.add(Group.objects.get(name=GROUP_NAME))

    def start_translation(self, body):
        """The German article, submitted for translation into English as „Diese Seite übersetzen“ does it."""
        self.article = make_article(self.blog_index, title="Zeilen und Zahlen", slug="zeilen-und-zahlen", body=body)
        source, _created = TranslationSource.get_or_create_from_instance(self.article)
        self.translation = Translation.objects.create(source=source, target_locale=self.en)
        self.translation.save_target(publish=False)

    def segments(self):
        """``{source text: segment}`` as the editor lists them."""
        segments = StringSegment.objects.filter(source=self.translation.source).select_related("string", "context")
        return {segment.string.data: segment for segment in segments.order_by("order")}

    def type_translation(self, segment, text):
        """What the editor's Save button sends for one segment."""
        self.client.force_login(self.translator)
        url = reverse(
            "wagtail_localize:edit_string_translation",
            kwargs={"translation_id": self.translation.pk, "string_segment_id": segment.pk},
        )
        response = self.client.put(url, encode_multipart(BOUNDARY, {"value": text}), content_type=MULTIPART_CONTENT)
        self.assertIn(response.status_code, (200, 201), response.content)

    def publish(self):
        # wagtail-localize publishes a page once the transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            self.translation.save_target(publish=True)
        return ArticlePage.objects.get(translation_key=self.article.translation_key, locale=self.en)

    def english_html(self):
        """The English article's text as readers get it."""
        response = self.client.get(self.publish().url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


class LineBreakTests(TranslatorTestCase):
    def test_each_line_of_a_paragraph_is_a_segment_without_markup(self):
        self.start_translation([("paragraph", LINES)])
        texts = list(self.segments())
        self.assertEqual(texts[-3:], ["Musterbüro GmbH", "Musterstraße 1", "12345 Musterstadt"])
        self.assertFalse([text for text in texts if "<br" in text], texts)

    def test_the_translated_lines_come_back_with_the_line_breaks_where_the_original_has_them(self):
        self.start_translation(
            [("paragraph", "<p>Versetzen Sie sich in die Lage des Kunden:<br/>Seine Herkunft, seine Branche.</p>")]
        )
        segments = self.segments()
        self.type_translation(segments["Versetzen Sie sich in die Lage des Kunden:"], "Put yourself in their shoes:")
        self.type_translation(segments["Seine Herkunft, seine Branche."], "their background, their industry.")
        self.assertInHTML(
            "<p>Put yourself in their shoes:<br>their background, their industry.</p>", self.english_html()
        )

    def test_a_line_break_inside_bold_text_and_a_link_keeps_both(self):
        self.start_translation(
            [("paragraph", '<p><b>Neu:<br/>ab Januar</b> mit <a href="https://example.org/">Preisliste</a></p>')]
        )
        segments = self.segments()
        self.assertIn("Neu:", segments)
        self.type_translation(segments["Neu:"], "New:")
        self.type_translation(
            segments['<b>ab Januar</b> mit <a id="a1">Preisliste</a>'],
            '<b>from January</b> with <a id="a1">price list</a>',
        )
        self.assertInHTML(
            '<p><b>New:</b><br><b>from January</b> with <a href="https://example.org/">price list</a></p>',
            self.english_html(),
        )

    def test_the_callout_text_is_cut_at_its_line_breaks_too(self):
        self.start_translation([("callout", {"title": "Kontakt", "text": LINES})])
        self.assertTrue({"Musterbüro GmbH", "Musterstraße 1", "12345 Musterstadt"} <= set(self.segments()))

    def test_a_quotation_of_several_lines_is_translated_line_by_line(self):
        self.start_translation([("quote", {"text": "Erste Zeile,\r\nzweite Zeile.", "attribution": ""})])
        segments = self.segments()
        self.assertFalse([text for text in segments if "<br" in text], list(segments))
        self.type_translation(segments["Erste Zeile,"], "First line,")
        self.type_translation(segments["zweite Zeile."], "second line.")
        self.assertInHTML("<blockquote><p>First line,<br>second line.</p></blockquote>", self.english_html())

    def test_without_a_line_break_a_paragraph_is_one_segment_as_before(self):
        html = (
            '<p>Gerade bei <b>Bürodienstleistungen</b> ist das <a href="https://example.org/">Verhältnis</a> eng.</p>'
        )
        template, strings = extract_lines(html)
        self.assertEqual(template, '<p><text position="0"></text></p>')
        self.assertEqual(
            [string.data for string, _attrs in strings],
            ['Gerade bei <b>Bürodienstleistungen</b> ist das <a id="a1">Verhältnis</a> eng.'],
        )


class TableFigureTests(TranslatorTestCase):
    def test_cells_that_are_only_figures_are_no_segments(self):
        self.start_translation([("table", TABLE)])
        texts = set(self.segments())
        for figure in ("5", "10 %", "20 €", "2026-12-01", "10–20"):
            self.assertNotIn(figure, texts)
        # Text, and figures written the German way, which the English page writes otherwise.
        for text in ("Preise im Überblick", "Leistung", "Seiten", "Schreibservice", "3,5 %", "12,50 €", "01.12.2026"):
            self.assertIn(text, texts)

    def test_the_english_table_carries_the_figures_over_and_follows_a_later_change_of_them(self):
        self.start_translation([("table", TABLE)])
        for text, segment in self.segments().items():
            self.type_translation(segment, f"EN {text}")
        self.assertEqual(self.translation.get_progress()[0], self.translation.get_progress()[1])
        html = self.english_html()
        self.assertIn("EN Schreibservice", html)
        self.assertInHTML("<td>5</td>", html)
        self.assertInHTML("<td>20 €</td>", html)

        # The editor changes a figure in the German table; the translator syncs, nothing is left to translate.
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.body[0].value["data"][1][1] = "6"
        article.save_revision().publish()
        self.translation.source.update_from_db()
        total, done = self.translation.get_progress()
        self.assertEqual(done, total)
        html = self.english_html()
        self.assertInHTML("<td>6</td>", html)
        self.assertIn("EN Schreibservice", html)
