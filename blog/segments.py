"""Rich text for wagtail-localize's translation editor: one segment per line, the line breaks kept out of reach.

wagtail-localize keeps a ``<br/>`` inside the segment it extracts ("Erste Zeile<br/>zweite Zeile"), and its editor
shows that markup verbatim; its text box drops every newline and saves on Enter, so a translator can keep the break
only by typing ``<br/>``. Here a paragraph is cut at each line break instead: each line is a segment of its own and
the breaks stay in the paragraph's template, so the translation has them where the original has them.

Used through wagtail-localize's extension point for blocks, ``get_translatable_segments()``. Putting a translation
back needs nothing of our own for rich text: the template and its strings are the ones wagtail-localize's rich text
restore reads. Plain text (the quotation) is cut at its newlines and joined again with them.
"""

from wagtail import blocks
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue, TemplateSegmentValue
from wagtail_localize.segments.extract import quote_path_component
from wagtail_localize.strings import INLINE_TAGS, extract_strings

from bs4 import BeautifulSoup

# A stand-in that wagtail-localize's extractor treats like a block element (it ends one string, begins the next).
_LINE_BREAK = "line-break-between-segments"


def _lift_out_of_inline_parents(line_break):
    """``<b>eins<br/>zwei</b>`` becomes ``<b>eins</b><br/><b>zwei</b>``: it looks the same, and the break then cuts
    the paragraph, not the bold text (an extractor would otherwise mix up the order of the strings around it)."""
    parent = line_break.parent
    while parent is not None and parent.name in INLINE_TAGS:
        rest = BeautifulSoup("", "html.parser").new_tag(parent.name, attrs=dict(parent.attrs))
        for sibling in list(line_break.next_siblings):
            rest.append(sibling.extract())
        parent.insert_after(line_break.extract())
        if rest.contents:
            line_break.insert_after(rest)
        if not parent.contents:
            parent.decompose()
        parent = line_break.parent


def extract_lines(html):
    """Like wagtail-localize's ``extract_strings()``, with a string per line: the ``<br/>`` stays in the template."""
    soup = BeautifulSoup(html or "", "html.parser")
    for line_break in soup.find_all("br"):
        _lift_out_of_inline_parents(line_break)
        line_break.name = _LINE_BREAK
    template, strings = extract_strings(str(soup))
    template_soup = BeautifulSoup(template, "html.parser")
    for stand_in in template_soup.find_all(_LINE_BREAK):
        stand_in.replace_with(template_soup.new_tag("br"))
    return str(template_soup), strings


class LineSegmentsMixin:
    """For a ``RichTextBlock``: the segments wagtail-localize makes of rich text, one string per line."""

    def get_translatable_segments(self, value):
        template, strings = extract_lines(value.source if value else "")
        hrefs = sorted({attrs["href"] for _string, tags in strings for attrs in tags.values() if "href" in attrs})
        # The same segments as wagtail-localize's own rich text extraction (segments/extract.py): the template, the
        # strings, and each link's address as a value a translator may override.
        return (
            [TemplateSegmentValue("", "html", template, len(strings))]
            + [StringSegmentValue("", string, attrs=attrs) for string, attrs in strings]
            + [OverridableSegmentValue(quote_path_component(href), href) for href in hrefs]
        )


class LineSegmentsRichTextBlock(LineSegmentsMixin, blocks.RichTextBlock):
    """Wagtail's rich text block, translated line by line (paragraphs, the callout's text)."""


class LineSegmentsTextBlock(blocks.TextBlock):
    """Wagtail's plain text block, translated line by line (a quotation of several lines). wagtail-localize would make
    its newlines ``<br>`` in one segment, the same markup for translators to keep."""

    def get_translatable_segments(self, value):
        return [StringSegmentValue("", line.strip()) for line in (value or "").splitlines() if line.strip()]

    def restore_translated_segments(self, value, segments):
        translations = iter([segment.render_text() for segment in segments])
        # A line the translation has no segment for (the original grew since) keeps the original's text.
        return "\n".join(next(translations, line) if line.strip() else line for line in (value or "").splitlines())


# They store what Wagtail's blocks store, so migrations name Wagtail's blocks (Wagtail reads a module's aliases in
# Block.canonical_module_path): how a text is cut for translators is no schema change. ParagraphBlock keeps its path.
DECONSTRUCT_ALIASES = {
    LineSegmentsRichTextBlock: "wagtail.blocks.RichTextBlock",
    LineSegmentsTextBlock: "wagtail.blocks.TextBlock",
}
