"""Every body block renders what a reader should see, and the admin's block previews have content."""

from django.test import TestCase

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from blog.blocks import BodyBlock, HeadingBlock


class BlockRenderingTests(TestCase):
    def render(self, block_type, value):
        stream_block = BodyBlock()
        child = stream_block.child_blocks[block_type]
        return child.render(child.to_python(value))

    def test_every_block_declares_icon_template_description_and_preview(self):
        for name, block in BodyBlock().child_blocks.items():
            with self.subTest(block=name):
                self.assertTrue(block.meta.icon and block.meta.icon != "placeholder")
                self.assertTrue(block.meta.template.startswith("blog/blocks/"))
                self.assertTrue(block.meta.description)
                self.assertTrue(block.is_previewable)

    def test_heading_has_level_and_anchor(self):
        html = self.render("heading", {"text": "Müssen Dienstleister ihre Kunden mögen?", "level": "h3", "anchor": ""})
        self.assertInHTML(
            '<h3 id="muessen-dienstleister-ihre-kunden-moegen">Müssen Dienstleister ihre Kunden mögen?</h3>', html
        )
        html = self.render("heading", {"text": "Fazit", "level": "h2", "anchor": "fazit"})
        self.assertInHTML('<h2 id="fazit">Fazit</h2>', html)

    def test_heading_anchor_must_be_a_slug(self):
        from wagtail.blocks.struct_block import StructBlockValidationError

        block = HeadingBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"text": "Fazit", "level": "h2", "anchor": "Mein Fazit!"}))

    def test_paragraph_keeps_allowed_markup(self):
        html = self.render("paragraph", '<p>Ein <b>wichtiger</b> <a href="https://example.org">Link</a></p>')
        self.assertIn("<b>wichtiger</b>", html)
        self.assertIn('href="https://example.org"', html)

    def test_quote_shows_text_and_attribution(self):
        html = self.render("quote", {"text": "Man kann nicht nicht kommunizieren.", "attribution": "Paul Watzlawick"})
        self.assertIn("<blockquote>", html)
        self.assertIn("Paul Watzlawick", html)

    def test_image_has_alt_text_and_caption(self):
        image = Image.objects.create(title="Schreibtisch", file=get_test_image_file())
        html = self.render(
            "image",
            {
                "image": {"image": image.pk, "alt_text": "Ein aufgeräumter Schreibtisch", "decorative": False},
                "caption": "Ordnung",
            },
        )
        self.assertIn('alt="Ein aufgeräumter Schreibtisch"', html)
        self.assertIn("<figcaption>Ordnung</figcaption>", html)
        self.assertIn("<picture>", html)

    def test_callout_shows_title_and_text(self):
        html = self.render("callout", {"title": "Fazit", "text": "<p>Wertschätzung zählt.</p>"})
        self.assertIn("Fazit", html)
        self.assertIn("Wertschätzung zählt.", html)

    def test_embed_loads_nothing_from_the_third_party_until_clicked(self):
        from unittest import mock

        from wagtail.embeds.models import Embed

        embed = Embed(
            url="https://www.youtube.com/watch?v=abc",
            html='<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
            provider_name="YouTube",
            type="video",
        )
        with mock.patch("wagtail.embeds.embeds.get_embed", return_value=embed):
            html = self.render("embed", {"url": "https://www.youtube.com/watch?v=abc", "caption": "Video"})
        placeholder, template = html.split("<template", 1)
        self.assertNotIn("<iframe", placeholder)
        self.assertIn("YouTube", placeholder)
        self.assertIn("<iframe", template)

    def test_table_renders_header_row_and_caption(self):
        html = self.render(
            "table",
            {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Preise",
                "data": [["Leistung", "Preis"], ["Telefonservice", "1,20 €"]],
            },
        )
        self.assertIn("<caption>Preise</caption>", html)
        self.assertIn('<th scope="col"', html)
        self.assertIn("Telefonservice", html)
