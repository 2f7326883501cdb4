"""Characters that no reader field, feed or mail may carry."""

import re

# XML 1.0 allows tab, newlines and everything from U+0020 except surrogates, U+FFFE and U+FFFF; Unicode's
# noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) are invisible and break some feed
# readers too. One such character in one comment made the article's comment feeds unreadable XML.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
XML_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}]")
# Bidi overrides let a name or a text read backwards; DEL is invisible.
INVISIBLE_CONTROLS = re.compile("[\x7f\u202a-\u202e\u2066-\u2069]")


def xml_safe(value):
    """``value`` without the characters XML 1.0 forbids and the noncharacters; other values pass unchanged."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


def reader_text(value):
    """What a reader may store: XML-safe, without invisible controls, with newlines as ``\\n``."""
    return INVISIBLE_CONTROLS.sub("", xml_safe(value.replace("\r\n", "\n").replace("\r", "\n")))
