"""The one reading-time rule: the page's „Lesezeit“ and the editor's checks panel count the same way.

Wagtail's checks panel (wagtailadmin/js/core.js, ``extractMetrics``) counts the word-like segments of the preview's
text with ``Intl.Segmenter`` (Unicode word boundaries, UAX #29) and divides by a words-per-minute rate per language,
rounded to the nearest minute. The figures and the rounding below are Wagtail's; the pattern splits as Chromium's
segmenter does for the scripts this blog is written in: letters, digits and underscores, joined by an apostrophe
between letters and by a comma or dot between digits („don't“, „2,50“ are one word each; „E-Mail“, „z.B.“ and
„10:30“ two).
"""

import math
import re

# Wagtail 8's table (``De`` in core.js), from Brysbaert's reading-rate study.
WORDS_PER_MINUTE = {
    "ar": 181,
    "zh": 260,
    "nl": 228,
    "en": 238,
    "fi": 195,
    "fr": 214,
    "de": 260,
    "he": 224,
    "it": 285,
    "ko": 226,
    "es": 278,
    "sv": 218,
}

WORD = re.compile(r"\w+(?:(?:(?<=[^\W\d_])['’](?=[^\W\d_])|(?<=\d)[.,](?=\d))\w+)*")


def count_words(text):
    return sum(1 for _match in WORD.finditer(text))


def reading_minutes(words, language_code):
    """Minutes as Wagtail shows them (``Math.round``, halves up), but at least one: „0 Minuten“ tells a reader
    nothing."""
    rate = WORDS_PER_MINUTE.get((language_code or "en").split("-")[0], WORDS_PER_MINUTE["en"])
    return max(1, math.floor(words / rate + 0.5))
