"""WordPress shortcodes: a port of `get_shortcode_regex()` and `shortcode_parse_atts()` (wp-includes/shortcodes.php).

WordPress only expands registered names; we match any name so that an unknown shortcode can be reported (it stays
as text, which is what WordPress shows for an unregistered one). `[[name]]` is WordPress's escape for a literal
`[name]`. Parsing never raises.
"""

import re
from dataclasses import dataclass, field

NAME = r"[A-Za-z][\w-]*"

# get_shortcode_regex() with a generic name; the groups keep WordPress's numbering.
SHORTCODE_RE = re.compile(
    r"\[(\[?)(" + NAME + r")(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)",
    re.DOTALL,
)

# shortcode_parse_atts()'s pattern.
ATTR_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)


@dataclass
class Shortcode:
    name: str
    attrs: dict = field(default_factory=dict)  # named attributes (lower-case keys) and positional ones as 0, 1, ...
    content: str | None = None  # the enclosed text of [name]...[/name]
    raw: str = ""


def parse_atts(text):
    text = re.sub("[\u00a0\u200b]+", " ", text or "")
    attrs = {}
    position = 0
    for match in ATTR_RE.finditer(text):
        groups = match.groups()
        if groups[0]:
            attrs[groups[0].lower()] = groups[1]
        elif groups[2]:
            attrs[groups[2].lower()] = groups[3]
        elif groups[4]:
            attrs[groups[4].lower()] = groups[5]
        else:
            value = next((group for group in groups[6:] if group is not None), "")
            if value and value != "/":
                attrs[position] = value
                position += 1
    return attrs


def split(text):
    """Yield str pieces and Shortcode objects in order; escaped `[[x]]` comes back as the literal text `[x]`."""
    position = 0
    for match in SHORTCODE_RE.finditer(text):
        if match.start() > position:
            yield text[position : match.start()]
        position = match.end()
        if match.group(1) == "[" and match.group(6) == "]":
            yield match.group(0)[1:-1]
            continue
        yield match.group(1)
        yield Shortcode(
            name=match.group(2).lower(),
            attrs=parse_atts(match.group(3)),
            content=match.group(5),
            raw=match.group(0)[len(match.group(1)) : len(match.group(0)) - len(match.group(6))],
        )
        yield match.group(6)
    if position < len(text):
        yield text[position:]
