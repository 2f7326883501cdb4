"""Gutenberg block markup -> a tree of blocks, the way WordPress's own `WP_Block_Parser` reads it.

The delimiter grammar is WordPress's (`WP_Block_Parser::next_token()` in `wp-includes/class-wp-block-parser.php`):
`<!-- wp:name {json} -->`, `<!-- /wp:name -->` and the self-closing `<!-- wp:name {json} /-->`. Names without a
namespace are `core/`. Text outside any block is a `None`-named ("freeform", i.e. classic) block. Attribute JSON is
decoded with `json` (so `\\u0026` becomes `&`); an attribute object that does not decode is treated as empty, as
WordPress does. Unbalanced markup never raises: a closer without opener is ignored and unclosed blocks are closed at
the end, which is how WordPress recovers too.
"""

import json
import re
from dataclasses import dataclass, field

# WordPress's tokenizer regex, verbatim apart from Python's group syntax (Python 3.11 has possessive `*+`).
TOKEN_RE = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>{(?:(?:[^}]+|}+(?=})|(?!}\s+/?-->).)*+)?}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


@dataclass
class Block:
    name: str | None  # "core/paragraph", "jetpack/map" ...; None for freeform (classic) HTML
    attrs: dict = field(default_factory=dict)
    # The block's own HTML and its inner blocks in document order: str pieces and Block instances.
    parts: list = field(default_factory=list)

    @property
    def inner_blocks(self):
        return [part for part in self.parts if isinstance(part, Block)]

    def own_html(self):
        """The saved HTML of this block without its inner blocks (what WordPress calls innerHTML)."""
        return "".join(part for part in self.parts if isinstance(part, str))

    def full_html(self):
        """The saved HTML with the inner blocks' HTML in place (what the block rendered to when saved)."""
        return "".join(part if isinstance(part, str) else part.full_html() for part in self.parts)


def has_blocks(content):
    return "<!-- wp:" in content


def _decode_attrs(raw):
    if not raw:
        return {}
    try:
        attrs = json.loads(raw)
    except ValueError:
        return {}
    return attrs if isinstance(attrs, dict) else {}


def parse_blocks(content):
    """Top-level blocks of a post; freeform text between blocks is kept unless it is only whitespace."""
    root = Block(name="root")
    stack = [root]
    position = 0
    for match in TOKEN_RE.finditer(content):
        text = content[position : match.start()]
        position = match.end()
        if text:
            stack[-1].parts.append(text)
        name = (match.group("namespace") or "core/") + match.group("name")
        if match.group("closer"):
            # Close the innermost open block of that name; a stray closer is ignored.
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            continue
        block = Block(name=name, attrs=_decode_attrs(match.group("attrs")))
        stack[-1].parts.append(block)
        if not match.group("void"):
            stack.append(block)
    tail = content[position:]
    if tail:
        stack[-1].parts.append(tail)
    blocks = []
    for part in root.parts:
        if isinstance(part, Block):
            blocks.append(part)
        elif part.strip():
            blocks.append(Block(name=None, parts=[part]))
    return blocks
