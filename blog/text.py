"""Characters that no reader field, feed or mail may carry."""

import re
import unicodedata

# XML 1.0 allows tab, newlines and everything from U+0020 except surrogates, U+FFFE and U+FFFF; Unicode's
# noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) are invisible and break some feed
# readers too. One such character in one comment made the article's comment feeds unreadable XML.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
XML_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}]")
# Bidi overrides let a name or a text read backwards; DEL is invisible.
INVISIBLE_CONTROLS = re.compile("[\x7f\u202a-\u202e\u2066-\u2069]")


# Real scripts stack two or three marks on a letter (Vietnamese, Devanagari); "zalgo" text stacks hundreds, which
# draw over the comments above and below.
MAX_COMBINING_MARKS = 4


def limit_combining_marks(value):
    kept, run = [], 0
    for character in value:
        run = run + 1 if unicodedata.category(character) in {"Mn", "Me"} else 0
        if run <= MAX_COMBINING_MARKS:
            kept.append(character)
    return "".join(kept)


def xml_safe(value):
    """``value`` without the characters XML 1.0 forbids and the noncharacters; other values pass unchanged."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


def reader_text(value):
    """What a reader may store: XML-safe, without invisible controls, with newlines as ``\\n`` and at most
    ``MAX_COMBINING_MARKS`` combining marks in a row."""
    value = INVISIBLE_CONTROLS.sub("", xml_safe(value.replace("\r\n", "\n").replace("\r", "\n")))
    return limit_combining_marks(value)
