"""WordPress shortcodes: a port of `get_shortcode_regex()` and `shortcode_parse_atts()` (wp-includes/shortcodes.php).

Like WordPress, `split` parses only the names it is given (the ones we convert or drop), with enclosed content;
`[[name]]` is WordPress's escape for a literal `[name]`. Any other `[name ...]` is what WordPress shows for an
unregistered shortcode: text, which `unknown_names` finds for the report. Parsing never raises, and the patterns are
linear in the text (the enclosing-content search runs only for the given names).
"""

import functools
import re
from dataclasses import dataclass, field

# Opening tags of any shortcode-like name, for reporting the ones we do not know.
OPENING_RE = re.compile(r"\[([A-Za-z][\w-]*)(?![\w-])[^\[\]]*\]")
# Opening and closing tags, for text where shortcodes are simply removed (excerpts).
ANY_TAG_RE = re.compile(r"\[/?[A-Za-z][\w-]*(?![\w-])[^\[\]]*\]")


@functools.cache
def shortcode_regex(names):
    """get_shortcode_regex() for these names; the groups keep WordPress's numbering."""
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(
        r"\[(\[?)(" + alternation + r")(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)",
        re.DOTALL | re.IGNORECASE,
    )


# shortcode_parse_atts()'s pattern.
ATTR_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)


class Literal(str):
    """The text of an escaped `[[name]]`: a literal `[name]`, no shortcode."""


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


def split(text, names):
    """Yield str pieces and Shortcode objects of these names in order; an escaped `[[x]]` comes back as `[x]`."""
    position = 0
    for match in shortcode_regex(frozenset(names)).finditer(text):
        if match.start() > position:
            yield text[position : match.start()]
        position = match.end()
        if match.group(1) == "[" and match.group(6) == "]":
            yield Literal(match.group(0)[1:-1])
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


def unknown_names(text):
    """Names of shortcode-like tags left in text (after `split` took the known ones), in order."""
    return [match.group(1).lower() for match in OPENING_RE.finditer(text) if not match.group(0).startswith("[[")]


def strip_all(text):
    """Text without any shortcode tags (their enclosed text stays), as for an excerpt."""
    return ANY_TAG_RE.sub("", text)
