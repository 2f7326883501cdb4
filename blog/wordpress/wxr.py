"""Streaming reader for WordPress eXtended RSS (WXR) exports.

The file is read with defusedxml's ``iterparse``: a DOCTYPE (and with it every entity declaration) is refused as
soon as the parser meets it, each finished ``<item>`` is turned into a plain dataclass and its element cleared, so
memory stays flat whatever the size of the export. Namespaces are matched by URI, never by prefix: WordPress writes
both ``http://`` and ``https://`` forms of ``wordpress.org/export/1.0``–``1.2``, and some files bind ``wp:`` to
foreign URIs inside items (those elements are ignored).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/excerpt/$")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# C0 controls other than tab, newline and carriage return cannot be stored as text by every database.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportRefused(ValueError):
    """The file cannot be imported at all; the message is a sentence for the person who chose the file."""


@dataclass
class Comment:
    id: int
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: int = 0
    user_id: int = 0


@dataclass
class Term:
    taxonomy: str
    slug: str
    name: str = ""
    parent: str = ""
    description: str = ""
    term_id: int = 0


# The channel's term elements: the taxonomy (empty: read from wp:term_taxonomy) and the wp: elements holding the
# slug, name, parent and description.
TERM_ELEMENTS = {
    "category": ("category", "category_nicename", "cat_name", "category_parent", "category_description"),
    "tag": ("post_tag", "tag_slug", "tag_name", "", "tag_description"),
    "term": ("", "term_slug", "term_name", "term_parent", "term_description"),
}


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    author_id: int = 0


@dataclass
class Item:
    title: str = ""
    link: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: int = 0
    post_date: str = ""
    post_date_gmt: str = ""
    comment_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: int = 0
    menu_order: int = 0
    post_type: str = ""
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # [(domain, nicename, name)]
    meta: dict = field(default_factory=dict)  # key -> [values]
    comments: list = field(default_factory=list)

    def meta_value(self, key, default=""):
        values = self.meta.get(key)
        return values[-1] if values else default


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)

    @property
    def site_url(self):
        return (self.base_blog_url or self.base_site_url or self.link).rstrip("/")


def _kind(tag):
    """('wp', 'post_id') for a WordPress element, ('', 'title') for plain RSS, (None, ...) for a foreign one."""
    if tag[:1] != "{":
        return "", tag
    uri, _sep, local = tag[1:].partition("}")
    if WP_NAMESPACE.match(uri):
        return "wp", local
    if EXCERPT_NAMESPACE.match(uri):
        return "excerpt", local
    return NAMESPACES.get(uri), local


def clean_text(value):
    return CONTROL_CHARACTERS.sub("", value or "")


def scalar(value):
    """A one-line value: exports pad URLs and names with whitespace and newlines."""
    return unicodedata.normalize("NFC", clean_text(value).strip())


def _int(value):
    try:
        return int(scalar(value))
    except ValueError:
        return 0


def _children(element):
    """{(kind, local): text} of the direct children, the last one winning, WordPress-namespaced or plain only."""
    values = {}
    for child in element:
        kind, local = _kind(child.tag)
        if kind is not None:
            values[(kind, local)] = child.text or ""
    return values


def _comment(element):
    values = _children(element)

    def wp(name):
        return values.get(("wp", name), "")

    return Comment(
        id=_int(wp("comment_id")),
        author=scalar(wp("comment_author")),
        author_email=scalar(wp("comment_author_email")),
        author_url=scalar(wp("comment_author_url")),
        date=scalar(wp("comment_date")),
        date_gmt=scalar(wp("comment_date_gmt")),
        content=clean_text(wp("comment_content")),
        approved=scalar(wp("comment_approved")),
        type=scalar(wp("comment_type")),
        parent=_int(wp("comment_parent")),
        user_id=_int(wp("comment_user_id")),
    )


def _item(element):
    item = Item()
    for child in element:
        kind, local = _kind(child.tag)
        text = child.text or ""
        if kind == "":
            if local == "title":
                item.title = scalar(text)
            elif local == "link":
                item.link = scalar(text)
            elif local == "guid":
                item.guid = scalar(text)
            elif local == "category":
                domain = child.get("domain") or "category"
                item.terms.append((domain, scalar(child.get("nicename") or ""), scalar(text)))
        elif kind == "dc" and local == "creator":
            item.creator = scalar(text)
        elif kind == "content" and local == "encoded":
            item.content = clean_text(text)
        elif kind == "excerpt" and local == "encoded":
            item.excerpt = clean_text(text)
        elif kind == "wp":
            if local in ("post_id", "post_parent", "menu_order"):
                setattr(item, local, _int(text))
            elif local == "status":
                item.status = scalar(text)
            elif local in ("post_date", "post_date_gmt", "comment_status", "post_name", "post_type"):
                setattr(item, local, scalar(text))
            elif local == "post_password":
                item.post_password = clean_text(text)
            elif local == "is_sticky":
                item.is_sticky = scalar(text) == "1"
            elif local == "attachment_url":
                item.attachment_url = scalar(text)
            elif local == "postmeta":
                values = _children(child)
                key = scalar(values.get(("wp", "meta_key"), ""))
                if key:
                    item.meta.setdefault(key, []).append(clean_text(values.get(("wp", "meta_value"), "")))
            elif local == "comment":
                item.comments.append(_comment(child))
    if not item.post_id:
        # Some hand-made and very old exports have no post_id; WordPress's own ?p=ID link still names it.
        for url in (item.link, item.guid):
            match = re.search(r"[?&](?:p|page_id)=([0-9]+)", url)
            if match:
                item.post_id = int(match.group(1))
                break
    return item


def _channel_element(channel, element):
    kind, local = _kind(element.tag)
    values = _children(element)
    if kind == "" and local in ("title", "link", "language"):
        setattr(channel, local, scalar(element.text))
    elif kind != "wp":
        return
    elif local in ("wxr_version", "base_site_url", "base_blog_url"):
        setattr(channel, local, scalar(element.text))
    elif local == "author":
        channel.authors.append(
            Author(
                login=scalar(values.get(("wp", "author_login"))),
                display_name=scalar(values.get(("wp", "author_display_name"))),
                first_name=scalar(values.get(("wp", "author_first_name"))),
                last_name=scalar(values.get(("wp", "author_last_name"))),
                author_id=_int(values.get(("wp", "author_id"), "")),
            )
        )
    elif local in TERM_ELEMENTS:
        taxonomy, slug, name, parent, description = TERM_ELEMENTS[local]

        def wp(name):
            return values.get(("wp", name), "") if name else ""

        channel.terms.append(
            Term(
                taxonomy=taxonomy or scalar(wp("term_taxonomy")),
                slug=scalar(wp(slug)),
                name=scalar(wp(name)),
                parent=scalar(wp(parent)),
                description=clean_text(wp(description)).strip(),
                term_id=_int(wp("term_id")),
            )
        )


def _doctype_line(path):
    """The line of the DOCTYPE, read line by line (a bomb's expansion is never built)."""
    with open(path, "rb") as file:
        for number, line in enumerate(file, start=1):
            if b"<!DOCTYPE" in line.upper() or b"<!ENTITY" in line.upper():
                return number
    return None


def read(path):
    """Yield the ``Channel`` first (filled as far as the file has been read), then each ``Item`` as it ends.

    The channel object is updated in place while reading: channel-level elements after the items (rare, but
    allowed) are in it only once the generator is exhausted. Raises ``ExportRefused``.
    """
    channel = Channel()
    yield channel
    stack = []
    root_checked = False
    try:
        parser = iterparse(path, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
        for event, element in parser:
            if event == "start":
                if not root_checked:
                    root_checked = True
                    if element.tag != "rss":
                        raise ExportRefused(
                            _("This is not a WordPress export: the file starts with <%(tag)s>, not <rss>.")
                            % {"tag": _kind(element.tag)[1]}
                        )
                stack.append(element)
                continue
            stack.pop()
            depth = len(stack)
            if depth == 1 and element.tag != "channel":
                element.clear()
            elif depth == 2:
                # A direct child of <channel>.
                if element.tag == "item":
                    yield _item(element)
                else:
                    _channel_element(channel, element)
                element.clear()
                stack[-1].remove(element)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden, DefusedXmlException) as error:
        line = _doctype_line(path)
        raise ExportRefused(
            _(
                "The file declares a document type or entities (line %(line)s). WordPress exports never do; "
                "such files can hide attacks and are refused."
            )
            % {"line": line or "?"}
        ) from error
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        if error.code == 3:  # no element found: the file ends early
            message = _("The file ends early, at line %(line)s: it was cut off, perhaps by an interrupted download.")
        else:
            message = _("The file is not well-formed XML (line %(line)s, column %(column)s): %(error)s.")
        raise ExportRefused(message % {"line": line, "column": column, "error": _parse_reason(error)}) from error
    except UnicodeDecodeError as error:
        raise ExportRefused(_("The file is not text in a known encoding.")) from error
    if not root_checked:
        raise ExportRefused(_("The file is empty."))
    if not channel.wxr_version:
        raise ExportRefused(_("This does not appear to be a WordPress export: it has no WXR version."))
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", channel.wxr_version):
        raise ExportRefused(
            _("This does not appear to be a WordPress export: its WXR version “%(version)s” is not a number.")
            % {"version": channel.wxr_version[:20]}
        )


def _parse_reason(error):
    reason = str(error)
    return reason.split(":", 1)[0] if ": line" in reason else reason
