"""StreamField blocks for article bodies and content pages, gathered in one BodyBlock."""

import copy
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.contrib.table_block.blocks import TableInput
from wagtail.embeds import embeds
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageBlock
from wagtail_localize.segments import StringSegmentValue

from site_project.slugs import german_slugify

from .segments import LineSegmentsRichTextBlock, LineSegmentsTextBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def anchor_for(text):
    """An ASCII anchor that German readers recognise: "Einbahnstraße" becomes "einbahnstrasse"."""
    return german_slugify(text)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2 (section)")), ("h3", _("Level 3 (subsection)"))],
        default="h2",
    )
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=80,
        help_text=_("Optional anchor for links to this heading, e.g. “fazit”. Made from the heading if left empty."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blog/blocks/heading.html"
        description = _("A section heading (level 2 or 3) with an anchor for links and the table of contents.")
        preview_value = {"text": "Kommunikation ist keine Einbahnstraße", "level": "h2", "anchor": ""}
        form_classname = "struct-block heading-block"

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and anchor_for(anchor) != anchor:
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _("Use only lowercase letters, digits and hyphens, e.g. “%(suggestion)s”.")
                        % {"suggestion": anchor_for(anchor)}
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = value.get("anchor") or anchor_for(value.get("text", ""))
        return context


class ParagraphBlock(LineSegmentsRichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blog/blocks/paragraph.html"
        description = _("Running text with bold, italic, links and lists.")
        preview_value = (
            "<p>Gerade bei Bürodienstleistungen ist das Verhältnis zu den Kunden oft recht <b>persönlich</b>.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    text = LineSegmentsTextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blog/blocks/quote.html"
        description = _("A quotation with an optional attribution.")
        preview_value = {
            "text": "Man kann nicht nicht kommunizieren.",
            "attribution": "Paul Watzlawick",
        }


class LabelledImageBlock(ImageBlock):
    """Wagtail's image block, whose image chooser is labelled from its field name ("Image", untranslated)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_blocks["image"].label = _("Image")


class CaptionedImageBlock(blocks.StructBlock):
    image = LabelledImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blog/blocks/captioned_image.html"
        description = _("An image with alternative text and an optional caption.")
        preview_value = {"caption": "Ein aufgeräumter Schreibtisch"}


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = LineSegmentsRichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout box")
        template = "blog/blocks/callout.html"
        description = _("A highlighted box with a title, e.g. “Fazit” or “Tipp”.")
        preview_value = {
            "title": "Fazit",
            "text": "<p>Ein gewisses Maß an Wertschätzung ist für eine gute Zusammenarbeit enorm wichtig.</p>",
        }


class ConsentEmbedBlock(blocks.StructBlock):
    """Shows a placeholder; the third party's content loads only after the reader clicks."""

    url = WagtailEmbedBlock(label=_("Address (URL)"), help_text=_("e.g. a YouTube or Vimeo address"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "blog/blocks/embed.html"
        description = _("A video or post from another site, loaded only after the reader agrees.")
        preview_value = {"url": "https://www.youtube.com/watch?v=jNQXAC9IVRw", "caption": "Ein Beispielvideo"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        try:
            # Fetched from the provider once, then read from Wagtail's embed table.
            context["embed"] = embeds.get_embed(value["url"].url) if value.get("url") else None
        except EmbedException:
            context["embed"] = None
        return context


def table_context_menu():
    """Handsontable's right-click menu, the only way to add rows, in the editor's language: Wagtail ships
    Handsontable with its English dictionary only. Same items as Wagtail's default menu."""
    return {
        "items": {
            "row_above": {"name": gettext("Insert row above")},
            "row_below": {"name": gettext("Insert row below")},
            "separator_rows": "---------",
            "col_left": {"name": gettext("Insert column left")},
            "col_right": {"name": gettext("Insert column right")},
            "separator_columns": "---------",
            "remove_row": {"name": gettext("Remove row")},
            "remove_col": {"name": gettext("Remove column")},
            "separator_history": "---------",
            "undo": {"name": gettext("Undo")},
            "redo": {"name": gettext("Redo")},
        }
    }


class LocalizedTableInput(TableInput):
    """Builds the context menu when the editor is rendered, in the language of that request."""

    @property
    def table_options(self):
        return {**self._table_options, "contextMenu": table_context_menu()}

    @table_options.setter
    def table_options(self, value):
        self._table_options = value


# Cells that read the same in English are carried over, not translated: "5", "10", "5–10", "24/7", "10:30", "5 %",
# "20 €", "2026-12-01", "–". A point or comma is German number formatting that the English page writes otherwise
# ("3,5" is "3.5", "1.000" is "1,000", "12,50 €" is "€12.50", "01.12.2026" and "5." are dates and ordinals): those
# cells stay segments, as does every cell with a letter.
LANGUAGE_NEUTRAL_CELL = re.compile(r"^[\d\s+\-–−±/:%‰€$£¥]+$")


class TableBlock(WagtailTableBlock):
    """Wagtail's table, with its caption and cells as segments for wagtail-localize (which skips tables otherwise)."""

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blog/blocks/table.html"
        description = _("A table with an optional header row and caption.")
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Leistungen im Überblick",
            "data": [
                ["Leistung", "Abrechnung"],
                ["Telefonservice", "pro Anruf"],
                ["Schreibservice", "pro Seite"],
            ],
        }

    def get_translatable_segments(self, value):
        if not value:
            return []
        segments = []
        if (value.get("table_caption") or "").strip():
            segments.append(StringSegmentValue("table_caption", value["table_caption"]))
        for row_index, row in enumerate(value.get("data") or []):
            for column_index, cell in enumerate(row or []):
                # Empty cells and language-neutral figures need no translator; the source's value stays in them.
                if isinstance(cell, str) and cell.strip() and not LANGUAGE_NEUTRAL_CELL.match(cell):
                    segments.append(StringSegmentValue(f"data.{row_index}.{column_index}", cell))
        return segments

    def restore_translated_segments(self, value, segments):
        value = copy.deepcopy(value)
        for segment in segments:
            text = segment.render_text()
            if segment.path == "table_caption":
                value["table_caption"] = text
                continue
            _data, row_index, column_index = segment.path.split(".")
            try:
                value["data"][int(row_index)][int(column_index)] = text
            except (KeyError, IndexError, TypeError, ValueError):
                # The original's table changed shape since this translation was made: keep the original cell.
                continue
        return value

    @cached_property
    def field(self):
        return forms.CharField(widget=LocalizedTableInput(table_options=self.table_options), **self.field_options)


class BodyBlock(blocks.StreamBlock):
    """The body of every page with text: articles (``ArticlePage.body``) and content pages (``StandardPage.body``)."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    embed = ConsentEmbedBlock()
    table = TableBlock()
