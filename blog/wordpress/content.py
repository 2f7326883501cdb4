"""One WordPress post's content -> our StreamField data (BodyBlock), plus plain text for comments and teasers.

What maps to what (see `convert_body`):

- Gutenberg posts (any `<!-- wp:` marker) are read with WordPress's block grammar (`content_gutenberg`); classic
  posts get WordPress's `wpautop` first (`content_classic`), block posts never do. Shortcodes are expanded in both
  (`content_shortcodes`). Then the HTML is read with beautifulsoup4 (`html.parser`) element by element:
  `h1`/`h2` -> heading h2, `h3`-`h6` -> heading h3 (anchor from the element's `id`, made valid with `anchor_for`);
  `p`, `ul`/`ol` and loose inline text -> paragraph (consecutive ones merged into one paragraph block; lists stay
  lists inside the rich text, as PARAGRAPH_FEATURES allows); `blockquote`, pullquote -> quote (`cite` ->
  attribution); `table` -> table (`th`/`thead` first row -> header row; caption or figcaption -> caption);
  `img`, `figure`, `[caption]` -> image (alt from the `img`, else the attachment's alt; caption from figcaption);
  `details` -> callout (summary -> title); `pre`/`code`/verse -> paragraph with line breaks (reported);
  `dl` -> paragraph with bold terms; `div`, `section`, `span`... -> unwrapped; `hr`, separators, spacers, `<!--more-->`
  and `<!--nextpage-->` -> nothing.
- Embeds: `core/embed`, legacy `core-embed/*`, `[embed]`, Jetpack `[youtube]`/`[vimeo]`/..., YouTube/Vimeo iframes,
  Twitter/Instagram blockquotes and a URL alone in its paragraph (WordPress's autoembed rule) -> consent embed when
  one of Wagtail's embed finders accepts the URL (checked offline, nothing is fetched); otherwise a paragraph with
  a link, reported. `[audio]`, `[video]`, `core/audio`/`video`/`file` -> embed for a provider URL, else a paragraph
  linking to the file (the document or image when the resolver knows it), reported.
- `[gallery]` and `core/gallery` -> one image block per image (ids from the shortcode, else the post's attached
  images in order as given in `attached`); missing images are reported and skipped.
- Dropped with a report line: dynamic blocks (latest posts, archives, query loops, navigation, comments, search,
  footnotes...), reusable-block references, forms, scripts, styles, objects, unknown iframes, interactive
  shortcodes (forms, polls, maps...). Unknown shortcodes stay as text, reported. Unknown third-party blocks go
  through the HTML path from their saved HTML, reported.
- Links: links on the old site (relative, http/https, with or without `www.`) go to `LinkResolver.url_for`; a page
  becomes `<a linktype="page" id="N">`, an image or document a link to its file; an unresolved internal link is
  kept as an absolute URL, reported. Images go to `LinkResolver.image_for` with the attachment id (`wp-image-N`,
  block `id`) first, then the URL (the resolver knows size variants; `image_url_candidates` lists them).
- Every rich-text value is built from b/i/a/ul/ol/li/br/p only and then round-tripped through Wagtail's
  `ContentstateConverter` for the block's features (what the Draftail editor stores): the allow-list drops every
  other element and attribute, and `javascript:`/`data:` URLs. Script, style, svg, iframe, object and form
  elements are removed with their content before that, so their text never shows up either.
"""

import contextlib
import html as html_lib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from django.utils.translation import gettext as _

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.embeds.finders import get_finders

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from blog.blocks import PARAGRAPH_FEATURES, anchor_for
from blog.wordpress import content_shortcodes
from blog.wordpress.content_classic import wpautop
from blog.wordpress.content_gutenberg import Block, has_blocks, parse_blocks

HEADING_MAX = 200
CAPTION_MAX = 300
ATTRIBUTION_MAX = 200
CALLOUT_TITLE_MAX = 120
ANCHOR_MAX = 80

# XML 1.0 forbids C0 controls except tab, newline and carriage return, lone surrogates and U+FFFE/U+FFFF; Unicode's
# noncharacters (U+FDD0-U+FDEF and the last two code points of every plane) have no business in text either.
_FORBIDDEN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udfff]|[\ufdd0-\ufdef]|[\ufffe\uffff]|[\U0001fffe-\U0010ffff]"
)


def _forbidden(match):
    # Above the BMP only U+nFFFE and U+nFFFF are noncharacters; the rest of those planes is text.
    char = match.group()
    return char if ord(char) > 0xFFFF and ord(char) & 0xFFFE != 0xFFFE else ""


DROP_WITH_CONTENT = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "svg", "math", "canvas",
    "form", "input", "button", "select", "textarea", "head", "meta", "link", "title", "base", "frame", "frameset",
    "audio", "video", "source", "track", "map", "area", "param",
}  # fmt: skip
# Removing these is worth telling the editor about (the others are form or media scaffolding).
REPORTED_DROPS = {"script", "style", "iframe", "object", "embed", "applet", "form", "frame", "frameset", "noscript"}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
INLINE = {
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr", "wp-shortcode",
}  # fmt: skip
DYNAMIC_BLOCK_PREFIXES = (
    "core/archives", "core/avatar", "core/calendar", "core/categories", "core/comment", "core/footnotes",
    "core/home-link", "core/latest-", "core/loginout", "core/navigation", "core/page-list", "core/pattern",
    "core/post-", "core/query", "core/read-more", "core/rss", "core/search", "core/site-", "core/social-link",
    "core/tag-cloud", "core/template-part", "core/term-description", "core/widget-group", "core/legacy-widget",
)  # fmt: skip
CONTAINER_BLOCKS = {
    "core/columns", "core/column", "core/group", "core/row", "core/stack", "core/cover", "core/cover-image",
    "core/media-text", "core/buttons", "core/text-columns",
}  # fmt: skip
NOTHING_BLOCKS = {"core/separator", "core/spacer", "core/more", "core/nextpage"}
HTML_BLOCKS = {
    "core/paragraph", "core/list", "core/list-item", "core/heading", "core/quote", "core/pullquote", "core/table",
    "core/verse", "core/preformatted", "core/code", "core/html", "core/freeform", "core/details", "core/image",
    "core/button", "core/missing", "core/subhead", "core/table-of-contents",
}  # fmt: skip
MEDIA_BLOCKS = {"core/video", "core/audio", "core/file"}
# Jetpack and WordPress.com shortcodes whose first argument (or `url`/`id`) names something embeddable.
EMBED_SHORTCODES = {
    "embed", "youtube", "vimeo", "dailymotion", "tweet", "twitter", "soundcloud", "spotify", "flickr", "instagram",
    "ted", "kickstarter", "slideshare", "scribd", "wpvideo", "vine", "archiveorg", "bandcamp", "hulu",
}  # fmt: skip
MEDIA_SHORTCODES = {"audio", "video"}
IMAGE_SHORTCODES = {"caption", "wp_caption"}
# Interactive or generated elements our blog cannot show: removed, reported.
DROPPED_SHORTCODES = {
    "contact-form-7",
    "contact-form",
    "contact-field",
    "polldaddy",
    "crowdsignal",
    "recipe",
    "quiz",
    "question",
    "answer",
    "googlemaps",
    "gist",
    "playlist",
    "presentation",
    "slide",
    "sitemap",
    "archives",
    "latex",
    "upcomingevents",
    "wufoo",
    "gravityform",
    "ninja_form",
    "wpforms",
    "blog-subscription-form",
    "jetpack_subscription_form",
    "subscribe",
    "portfolio",
    "testimonials",
    "lightbox",
    "gravatar",
    "gravatar_profile",
    "facebook",
    "googleapps",
    "googleplus",
    "houzz",
    "medium",
    "pinterest",
    "recipe-notes",
    "recipe-ingredients",
    "recipe-directions",
    "recipe-nutrition",
    "recipe-image",
    "timeline",
    "twitch",
    "twitchtv",
    "ustream",
    "videopress",
    "wordads",
    "display-posts",
    "eventbrite",
    "getty",
    "mixcloud",
    "brightcove",
    "cartodb",
    "codepen",
    "descript",
    "email",
}
DROPPED_SHORTCODES |= {"mailchimp", "mailchimp_subscriber_popup", "jetpack-related-posts", "jetpack_top_posts"}
PARSED_SHORTCODES = frozenset(EMBED_SHORTCODES | MEDIA_SHORTCODES | IMAGE_SHORTCODES | {"gallery"} | DROPPED_SHORTCODES)


@dataclass
class LinkTarget:
    """What an old site URL became: a Wagtail page, an image or a document (exactly one is set)."""

    page: Any = None
    image: Any = None
    document: Any = None


class LinkResolver(Protocol):
    def url_for(self, url: str) -> "LinkTarget | None": ...

    def image_for(self, url_or_attachment_id: str | int) -> "Any | None": ...


def clean_text(text):
    """Remove what XML and PostgreSQL cannot hold (C0 controls except tab/newline, surrogates, noncharacters)."""
    return _FORBIDDEN_RE.sub(_forbidden, (text or "").replace("\r\n", "\n").replace("\r", "\n"))


_local = threading.local()


def _converter(features):
    # A converter keeps parser state between calls, so each thread (an import task, a request) has its own.
    converters = _local.__dict__.setdefault("converters", {})
    if features not in converters:
        converters[features] = ContentstateConverter(list(features))
    return converters[features]


def to_rich_text(html, features=PARAGRAPH_FEATURES):
    """Well-formed HTML -> the rich text the editor stores for these features (the security boundary for bodies):
    the Draftail editor's own load-and-save round trip, whose allow-list drops every other element and attribute."""
    converter = _converter(tuple(features))
    try:
        return converter.to_database_format(converter.from_database_format(html))
    except AssertionError:
        # Wagtail's parser asserts balanced tags; ours always are, but never let one post stop an import: keep the
        # text alone, escaped, which the same round trip then accepts.
        text = BeautifulSoup(html, "html.parser").get_text()
        return converter.to_database_format(converter.from_database_format(f"<p>{_escape(text)}</p>"))


@cache
def _finders():
    return get_finders()


def is_embeddable(url):
    """Whether one of Wagtail's configured embed finders would take this URL (an offline pattern check)."""
    if not url or not re.match(r"^https?://", url, re.IGNORECASE):
        return False
    return any(finder.accept(url) for finder in _finders())


def _host(netloc):
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0].strip().lower().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    return host[4:] if host.startswith("www.") else host


def site_relative(url, site_url):
    """The old site's URL in a canonical form, or None for a URL on another site.

    Canonical: `https`, host without `www.` and in punycode, path percent-decoded with double slashes collapsed and a
    trailing slash, query sorted. Relative URLs count as the site's. A resolver can key its index on this.
    """
    url = html_lib.unescape((url or "").strip())
    if not url or url.startswith("#"):
        return None
    site = urlsplit(site_url or "")
    parts = urlsplit(url)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    site_host = _host(site.netloc)
    if parts.netloc:
        if not site_host or _host(parts.netloc) != site_host:
            return None
    elif parts.scheme:
        return None
    path = re.sub(r"/{2,}", "/", unquote(parts.path or "/"))
    site_path = unquote(site.path or "").rstrip("/")
    if not parts.netloc and not path.startswith("/"):
        path = urljoin(site_path + "/", path)
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    if not site_host:
        return path + (f"?{query}" if query else "")
    return urlunsplit(("https", site_host, path, query, ""))


_SIZE_VARIANT_RE = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.[a-z0-9]+$)", re.IGNORECASE)


def image_url_candidates(url):
    """The URL as written, then without `?w=`-style query, then without WordPress's size suffixes (`-300x200`,
    `-scaled`, `-rotated`, `-e1234567890`): originals are sometimes *named* like variants, so exact comes first."""
    url = html_lib.unescape((url or "").strip())
    candidates = [url]
    parts = urlsplit(url)
    without_query = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    candidates.append(without_query)
    stripped = without_query
    while True:
        shorter = _SIZE_VARIANT_RE.sub("", stripped, count=1)
        if shorter == stripped:
            break
        candidates.append(shorter)
        stripped = shorter
    return list(dict.fromkeys(candidate for candidate in candidates if candidate))


def _escape(text):
    return html_lib.escape(text, quote=False)


def _attr(value):
    return html_lib.escape(str(value), quote=True)


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def _has_text(rich_text):
    # Whether converted rich text shows anything (lists and paragraphs left empty by removed images do not).
    return bool(html_lib.unescape(re.sub(r"<[^>]*>", "", rich_text)).strip())


def _truncate(text, limit, report, what):
    if len(text) <= limit:
        return text
    report(
        _("%(what)s shortened to %(limit)d characters: “%(start)s…”")
        % {"what": what, "limit": limit, "start": text[:40]}
    )
    return text[: limit - 1].rstrip() + "…"


class _Converter:
    def __init__(self, links, report, site_url, attached):
        self.links = links
        self.report = report
        self.site_url = site_url
        self.attached = list(attached or ())
        self.blocks = []
        self.run = []  # HTML of the paragraph block being collected
        self.deferred = []  # blocks found inside a paragraph, emitted right after it
        self.shortcodes = []
        self.image_hint = {}

    # --- output -------------------------------------------------------------------------------------------------

    def flush(self):
        if not self.run:
            return
        html = "".join(self.run)
        self.run = []
        value = to_rich_text(html)
        if _has_text(value):
            self.blocks.append({"type": "paragraph", "value": value})

    def add(self, block_type, value):
        self.flush()
        self.blocks.append({"type": block_type, "value": value})

    def emit_deferred(self):
        if self.deferred:
            deferred, self.deferred = self.deferred, []
            self.flush()
            for action in deferred:
                action()

    def paragraph(self, inner_html):
        if inner_html.strip():
            self.run.append(f"<p>{inner_html}</p>")

    # --- entry points -------------------------------------------------------------------------------------------

    def convert(self, content):
        content = clean_text(content)
        if "<!--nextpage-->" in content:
            self.report(_("Post split into several pages (<!--nextpage-->): merged into one page."))
        if has_blocks(content):
            for block in parse_blocks(content):
                self.block(block)
        else:
            self.html(wpautop(self.expand_shortcodes(content)))
        self.flush()
        return self.blocks

    def block(self, block: Block):
        name = block.name
        if name is None:
            self.html(self.expand_shortcodes(block.full_html()))
        elif name in NOTHING_BLOCKS:
            return
        elif name.startswith(DYNAMIC_BLOCK_PREFIXES):
            self.report(
                _("Dynamic block “%(name)s” dropped (it showed content generated by WordPress).") % {"name": name}
            )
        elif name == "core/block":
            self.report(
                _("Reusable block %(ref)s not imported: its content is not part of the post.")
                % {"ref": block.attrs.get("ref", "?")}
            )
        elif name == "core/shortcode":
            self.html(self.expand_shortcodes(block.full_html()))
        elif name == "core/embed" or name.startswith("core-embed/"):
            self.embed_block(block)
        elif name == "core/gallery":
            self.gallery_block(block)
        elif name in MEDIA_BLOCKS:
            self.media_block(block)
        elif name in CONTAINER_BLOCKS:
            for part in block.parts:
                if isinstance(part, Block):
                    self.block(part)
                else:
                    self.html(part)
        elif name == "core/image":
            # The block's attributes name the attachment and its alt text even where the saved HTML does not.
            self.image_hint = block.attrs
            try:
                self.html(block.full_html())
            finally:
                self.image_hint = {}
        elif name in HTML_BLOCKS:
            self.html(self.expand_shortcodes(block.full_html()))
        else:
            self.report(_("Unknown block “%(name)s” converted from its saved HTML.") % {"name": name})
            self.html(self.expand_shortcodes(block.full_html()))

    # --- Gutenberg blocks with attributes that matter -----------------------------------------------------------

    def embed_block(self, block):
        soup = BeautifulSoup(block.full_html(), "html.parser")
        url = block.attrs.get("url") if isinstance(block.attrs.get("url"), str) else ""
        if not url:
            wrapper = soup.find(class_="wp-block-embed__wrapper") or soup
            url = wrapper.get_text().strip().split()[0] if wrapper.get_text().strip() else ""
        caption_tag = soup.find("figcaption")
        caption = _squash(caption_tag.get_text()) if caption_tag else ""
        self.embed_or_link(url, caption)

    def gallery_block(self, block):
        if block.inner_blocks:
            for inner in block.inner_blocks:
                self.block(inner)
            return
        soup = BeautifulSoup(block.full_html(), "html.parser")
        images = soup.find_all("img")
        if images:
            for img in images:
                figure = img.find_parent("figure")
                caption_tag = figure.find("figcaption") if figure else None
                self.image(img, caption=_squash(caption_tag.get_text()) if caption_tag else "")
        else:
            for attachment_id in block.attrs.get("ids") or []:
                self.image_by_id(attachment_id)

    def media_block(self, block):
        soup = BeautifulSoup(block.full_html(), "html.parser")
        source = soup.find(["video", "audio"], src=True) or soup.find("source", src=True)
        link = soup.find("a", href=True)
        url = source["src"] if source else (link["href"] if link else "")
        caption_tag = soup.find("figcaption")
        caption = _squash(caption_tag.get_text()) if caption_tag else ""
        if not url:
            self.report(_("Media block “%(name)s” without a file dropped.") % {"name": block.name})
            return
        self.embed_or_link(url, caption, label=caption or (link.get_text().strip() if link else ""))

    # --- shortcodes ---------------------------------------------------------------------------------------------

    def expand_shortcodes(self, text):
        if "[" not in text:
            return text
        pieces = []
        for piece in content_shortcodes.split(text, PARSED_SHORTCODES):
            if isinstance(piece, content_shortcodes.Literal):
                pieces.append(piece)
            elif isinstance(piece, str):
                for name in content_shortcodes.unknown_names(piece):
                    self.report(_("Unknown shortcode [%(name)s] kept as text.") % {"name": name})
                pieces.append(piece)
            elif piece.name in DROPPED_SHORTCODES:
                self.report(_("Shortcode [%(name)s] dropped: the blog has no such element.") % {"name": piece.name})
            else:
                self.shortcodes.append(piece)
                pieces.append(f'<wp-shortcode data-index="{len(self.shortcodes) - 1}"></wp-shortcode>')
        return "".join(pieces)

    def shortcode(self, tag):
        try:
            code = self.shortcodes[int(tag.get("data-index", ""))]
        except (ValueError, IndexError):
            return
        attrs = code.attrs
        if code.name in IMAGE_SHORTCODES:
            soup = BeautifulSoup(code.content or "", "html.parser")
            img = soup.find("img")
            if img is None:
                self.report(_("Caption without an image dropped."))
                return
            caption = attrs.get("caption") or ""
            if not caption:
                img.extract()
                caption = _squash(soup.get_text())
            self.image(img, caption=_squash(html_lib.unescape(caption)))
        elif code.name == "gallery":
            self.gallery_shortcode(attrs)
        elif code.name in MEDIA_SHORTCODES:
            url = attrs.get("src") or next(
                (value for key, value in attrs.items() if isinstance(key, str) and re.fullmatch(r"[a-z0-9]{2,4}", key)),
                "",
            )
            url = url or (code.content or "").strip()
            if not url:
                self.report(_("Shortcode [%(name)s] without a file dropped.") % {"name": code.name})
                return
            self.embed_or_link(url, "")
        else:
            url = (code.content or "").strip() or attrs.get("url") or attrs.get(0) or attrs.get("id") or ""
            # Jetpack also writes [youtube=URL]: the URL then starts with "=".
            url = html_lib.unescape(str(url)).strip().lstrip("=")
            if code.name == "youtube" and url and "/" not in url:
                url = f"https://www.youtube.com/watch?v={url}"
            elif code.name == "vimeo" and url.isdigit():
                url = f"https://vimeo.com/{url}"
            elif code.name == "dailymotion" and re.fullmatch(r"[A-Za-z0-9]+", url):
                url = f"https://www.dailymotion.com/video/{url}"
            elif url and not re.match(r"^https?://", url, re.IGNORECASE):
                self.report(_("Shortcode [%(name)s] dropped: it names no address.") % {"name": code.name})
                return
            self.embed_or_link(url, "")

    def gallery_shortcode(self, attrs):
        ids = [part.strip() for part in str(attrs.get("ids") or attrs.get("include") or "").split(",") if part.strip()]
        if not ids:
            exclude = {part.strip() for part in str(attrs.get("exclude") or "").split(",")}
            ids = [str(attachment_id) for attachment_id in self.attached if str(attachment_id) not in exclude]
        if not ids:
            self.report(_("Gallery without images dropped."))
        for attachment_id in ids:
            self.image_by_id(attachment_id)

    # --- HTML ---------------------------------------------------------------------------------------------------

    def html(self, fragment):
        if not fragment.strip():
            return
        soup = BeautifulSoup(fragment, "html.parser")
        self.flow(soup)
        self.emit_deferred()

    def flow(self, node):
        inline_run = []
        for child in list(node.children):
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                inline_run.append(child)
                continue
            if not isinstance(child, Tag):
                continue
            if child.name in INLINE:
                inline_run.append(child)
                continue
            self.loose_inline(inline_run)
            inline_run = []
            self.element(child)
        self.loose_inline(inline_run)

    def loose_inline(self, nodes):
        if not nodes:
            return
        if len(nodes) == 1 and isinstance(nodes[0], Tag) and nodes[0].name == "wp-shortcode":
            self.flush()
            self.shortcode(nodes[0])
            return
        self.paragraph_from(nodes)

    def paragraph_from(self, nodes):
        nodes = list(nodes)
        # Whitespace between inline elements is text; only the ends of a paragraph are trimmed.
        while nodes and isinstance(nodes[0], NavigableString) and not nodes[0].strip():
            nodes.pop(0)
        while nodes and isinstance(nodes[-1], NavigableString) and not nodes[-1].strip():
            nodes.pop()
        if not nodes:
            return
        # WordPress's autoembed: a URL alone on its line becomes an embed.
        if len(nodes) == 1 and isinstance(nodes[0], NavigableString):
            text = nodes[0].strip()
            if re.fullmatch(r"https?://\S+", text) and is_embeddable(text):
                self.add("embed", {"url": text, "caption": ""})
                return
        if len(nodes) == 1 and isinstance(nodes[0], Tag) and nodes[0].name == "a":
            href = (nodes[0].get("href") or "").strip()
            if href and nodes[0].get_text().strip() == href and is_embeddable(href):
                self.add("embed", {"url": href, "caption": ""})
                return
        self.paragraph("".join(self.inline(node) for node in nodes))
        self.emit_deferred()

    def element(self, tag):
        name = tag.name
        if name in DROP_WITH_CONTENT:
            self.dropped(tag)
            self.emit_deferred()  # an iframe or video that became an embed stays where it was
        elif name in HEADINGS:
            self.heading(tag)
        elif name == "p":
            self.paragraph_from(list(tag.children))
        elif name in ("ul", "ol"):
            self.run.append(self.list_html(tag))
            self.emit_deferred()
        elif name == "blockquote":
            self.blockquote(tag)
        elif name == "table":
            self.table(tag)
        elif name == "figure":
            self.figure(tag)
        elif name == "pre":
            self.preformatted(tag)
        elif name == "dl":
            self.definition_list(tag)
        elif name == "details":
            self.details(tag)
        elif name == "hr":
            return
        else:
            # div, section, article, center, header, li outside a list...: their content counts, not the wrapper.
            self.flow(tag)

    def dropped(self, tag):
        name = tag.name
        if name == "iframe":
            url = self.iframe_url(tag.get("src") or "")
            if url and is_embeddable(url):
                self.deferred.append(lambda: self.add("embed", {"url": url, "caption": ""}))
                return
        if name in ("video", "audio"):
            source = tag if tag.get("src") else tag.find("source", src=True)
            if source is not None:
                url = source["src"]
                self.deferred.append(lambda: self.embed_or_link(url, ""))
                return
        if name in REPORTED_DROPS:
            detail = (tag.get("src") or tag.get("data") or tag.get("action") or "").strip()[:100]
            if detail:
                self.report(
                    _("Element <%(name)s> (%(detail)s) removed: it cannot be shown safely.")
                    % {"name": name, "detail": detail}
                )
            else:
                self.report(_("Element <%(name)s> removed: it cannot be shown safely.") % {"name": name})

    @staticmethod
    def iframe_url(src):
        src = html_lib.unescape(src.strip())
        if src.startswith("//"):
            src = "https:" + src
        match = re.match(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
        if match:
            return f"https://www.youtube.com/watch?v={match.group(1)}"
        match = re.match(r"^https?://player\.vimeo\.com/video/(\d+)", src)
        if match:
            return f"https://vimeo.com/{match.group(1)}"
        return src

    # --- rich text ----------------------------------------------------------------------------------------------

    def inline(self, node):
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return _escape(str(node))
        if not isinstance(node, Tag):
            return ""
        name = node.name
        if name in DROP_WITH_CONTENT:
            self.dropped(node)
            return ""
        if name == "wp-shortcode":
            self.deferred.append(lambda: self.shortcode(node))
            return ""
        if name == "img":
            self.deferred.append(lambda: self.image(node))
            return ""
        if name == "br":
            return "<br/>"
        if name in ("ul", "ol"):
            # A list inside a paragraph (invalid HTML, but WordPress writes it): its items become lines.
            items = [_squash("".join(self.inline(li) for li in item.children)) for item in node.find_all("li")]
            return "".join(f"<br/>{item}" for item in items if item) + "<br/>"
        inner = "".join(self.inline(child) for child in node.children)
        if name in ("b", "strong"):
            return f"<b>{inner}</b>" if inner.strip() else inner
        if name in ("i", "em"):
            return f"<i>{inner}</i>" if inner.strip() else inner
        if name == "a":
            return self.link(node, inner)
        if name in HEADINGS or name in ("p", "div", "li", "blockquote", "figcaption", "dt", "dd", "tr"):
            return f" {inner} "
        return inner

    def link(self, tag, inner):
        href = (tag.get("href") or "").strip()
        if not href or not inner.strip():
            return inner
        if tag.find("img") is not None and not tag.get_text().strip():
            return inner  # an image link: the image became its own block, the link is not kept
        key = site_relative(href, self.site_url)
        if key is None:
            return f'<a href="{_attr(href)}">{inner}</a>'
        target = self.links.url_for(key)
        if target is None:
            target = self.image_target(key)
        absolute = urljoin((self.site_url or "").rstrip("/") + "/", href) if self.site_url else href
        if target is not None:
            if target.page is not None and target.page.pk is None:
                # Not imported yet (a dry run, or a post later in the file): the address stays for now; the import
                # points the link at the page once it exists.
                note = getattr(self.links, "note_forward_link", None)
                if note is not None:
                    note(_attr(absolute), target.page)
                return f'<a href="{_attr(absolute)}">{inner}</a>'
            if target.page is not None:
                return f'<a linktype="page" id="{_attr(target.page.pk)}">{inner}</a>'
            item = target.image or target.document
            url = self.file_url(item)
            if url:
                return f'<a href="{_attr(url)}">{inner}</a>'
        self.report(_("Link to %(url)s not found among the imported content: kept as an address.") % {"url": absolute})
        return f'<a href="{_attr(absolute)}">{inner}</a>'

    def image_target(self, key):
        if not re.search(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$", urlsplit(key).path, re.IGNORECASE):
            return None
        image = self.find_image(key)
        return LinkTarget(image=image) if image is not None else None

    @staticmethod
    def file_url(item):
        if item is None:
            return ""
        url = getattr(item, "url", None)
        if url:
            return url
        file = getattr(item, "file", None)
        return file.url if file else ""

    def list_html(self, tag):
        kind = tag.name
        items = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name == "li":
                inner, nested = [], []
                for grandchild in child.children:
                    if isinstance(grandchild, Tag) and grandchild.name in ("ul", "ol"):
                        nested.append(self.list_html(grandchild))
                    else:
                        inner.append(self.inline(grandchild))
                items.append(f"<li>{''.join(inner).strip()}{''.join(nested)}</li>")
            elif isinstance(child, Tag) and child.name in ("ul", "ol") and items:
                items[-1] = items[-1][: -len("</li>")] + self.list_html(child) + "</li>"
            elif isinstance(child, Tag):
                text = self.inline(child)
                if text.strip():
                    items.append(f"<li>{text.strip()}</li>")
        return f"<{kind}>{''.join(items)}</{kind}>" if items else ""

    # --- other blocks -------------------------------------------------------------------------------------------

    def heading(self, tag):
        for img in tag.find_all("img"):
            self.deferred.append(lambda img=img: self.image(img))
        text = _squash(self.text_of(tag))
        if text:
            text = _truncate(text, HEADING_MAX, self.report, _("Heading"))
            anchor = anchor_for(tag.get("id") or "")[:ANCHOR_MAX].strip("-")
            self.add("heading", {"text": text, "level": HEADINGS[tag.name], "anchor": anchor})
        self.emit_deferred()

    def text_of(self, tag):
        """Plain text of an element without what we drop (scripts, styles...)."""
        parts = []
        for node in tag.descendants:
            if isinstance(node, NavigableString) and not isinstance(node, Comment):
                if not any(parent.name in DROP_WITH_CONTENT for parent in node.parents if parent is not tag):
                    parts.append(str(node))
            elif isinstance(node, Tag) and node.name == "br":
                parts.append("\n")
        return "".join(parts)

    def blockquote(self, tag):
        classes = tag.get("class") or []
        if "twitter-tweet" in classes or "instagram-media" in classes or "tiktok-embed" in classes:
            url = tag.get("data-instgrm-permalink") or tag.get("cite") or ""
            links = [a["href"] for a in tag.find_all("a", href=True)]
            url = url or next((link for link in reversed(links) if is_embeddable(link)), "")
            if url and is_embeddable(url):
                self.add("embed", {"url": url, "caption": ""})
                return
        attribution = ""
        for cite in tag.find_all(["cite", "footer"]):
            if not attribution:
                attribution = _squash(self.text_of(cite))
            cite.extract()
        for img in tag.find_all("img"):
            self.deferred.append(lambda img=img: self.image(img))
        paragraphs = [_squash(self.text_of(p)) for p in tag.find_all(["p", "li"])] if tag.find(["p", "li"]) else []
        text = "\n\n".join(p for p in paragraphs if p) or _squash(self.text_of(tag))
        if text:
            attribution = _truncate(attribution, ATTRIBUTION_MAX, self.report, _("Attribution"))
            self.add("quote", {"text": text, "attribution": attribution})
        self.emit_deferred()

    def table(self, tag, caption=""):
        rows = []
        first_cells = []
        header = False
        for row in tag.find_all("tr"):
            if row.find_parent("table") is not tag:
                continue
            cells = [c for c in row.find_all(["td", "th"]) if c.find_parent("tr") is row]
            if not rows:
                header = row.find_parent("thead") is not None or (bool(cells) and all(c.name == "th" for c in cells))
            values = []
            for cell in cells:
                values.append(_squash(self.text_of(cell)))
                span = cell.get("colspan") or "1"
                values.extend([""] * (min(int(span), 50) - 1 if span.isdigit() and int(span) > 1 else 0))
            rows.append(values)
            first_cells.append(cells[0].name if cells else "")
        first_col_header = len(rows) > 1 and all(first == "th" for first in first_cells[1:] if first)
        rows = [row for row in rows if row]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        caption_tag = tag.find("caption")
        if caption_tag is not None and not caption:
            caption = _squash(self.text_of(caption_tag))
        self.add(
            "table",
            {
                "data": rows,
                "first_row_is_table_header": header,
                "first_col_is_header": first_col_header,
                "table_caption": caption,
            },
        )

    def figure(self, tag):
        caption_tag = tag.find("figcaption")
        caption = _squash(self.text_of(caption_tag)) if caption_tag else ""
        if caption_tag is not None:
            caption_tag.extract()
        table = tag.find("table")
        if table is not None:
            self.table(table, caption=caption)
            return
        if tag.find("blockquote") is not None:
            self.flow(tag)
            return
        classes = " ".join(tag.get("class") or [])
        if "wp-block-embed" in classes:
            text = tag.get_text().strip()
            self.embed_or_link(text.split()[0] if text else "", caption)
            return
        images = tag.find_all("img")
        if len(images) == 1:
            self.image(images[0], caption=caption)
            return
        self.flow(tag)
        if caption:
            self.paragraph(_escape(caption))

    def preformatted(self, tag):
        text = self.text_of(tag).strip("\n")
        if not text.strip():
            return
        self.report(_("Preformatted text or code kept as a paragraph with line breaks."))
        self.paragraph("<br/>".join(_escape(line) for line in text.split("\n")))

    def definition_list(self, tag):
        for child in tag.find_all(["dt", "dd"]):
            inner = "".join(self.inline(node) for node in child.children)
            self.paragraph(f"<b>{inner}</b>" if child.name == "dt" else inner)
        self.emit_deferred()

    def details(self, tag):
        summary = tag.find("summary")
        title = _squash(self.text_of(summary)) if summary else ""
        if summary is not None:
            summary.extract()
        title = _truncate(title or _("Details"), CALLOUT_TITLE_MAX, self.report, _("Callout title"))
        outer_run, self.run = self.run, []
        outer_blocks, self.blocks = self.blocks, []
        self.flow(tag)
        html = "".join(self.run)
        inner_blocks = self.blocks
        self.run, self.blocks = outer_run, outer_blocks
        text = to_rich_text(html) if html else ""
        for block in inner_blocks:
            if block["type"] == "paragraph":
                text += block["value"]
        if _has_text(text):
            self.add("callout", {"title": title, "text": text})
        for block in inner_blocks:
            if block["type"] != "paragraph":
                self.add(block["type"], block["value"])
        self.emit_deferred()

    # --- images and embeds --------------------------------------------------------------------------------------

    def find_image(self, url_or_id):
        if isinstance(url_or_id, int) or str(url_or_id).isdigit():
            return self.links.image_for(int(url_or_id))
        for candidate in image_url_candidates(str(url_or_id)):
            image = self.links.image_for(candidate)
            if image is not None:
                return image
        return None

    def image(self, img, caption=""):
        src = (img.get("src") or "").strip()
        image = None
        match = re.search(r"\bwp-image-(\d+)\b", " ".join(img.get("class") or []))
        if match:
            image = self.links.image_for(int(match.group(1)))
        hinted_id = self.image_hint.get("id")
        if image is None and isinstance(hinted_id, int):
            image = self.links.image_for(hinted_id)
        if image is None and src:
            image = self.find_image(src)
        hinted_alt = self.image_hint.get("alt")
        alt = _squash(img.get("alt") or (hinted_alt if isinstance(hinted_alt, str) else ""))
        self.image_block(image, alt, caption, src or _("(no address)"))

    def image_by_id(self, attachment_id):
        try:
            attachment_id = int(str(attachment_id).strip())
        except ValueError:
            return
        image = self.links.image_for(attachment_id)
        self.image_block(image, "", "", _("attachment %(id)d") % {"id": attachment_id})

    def image_block(self, image, alt, caption, source):
        caption = _squash(caption)
        if image is None:
            self.report(_("Image %(source)s not found: not imported.") % {"source": source[:200]})
            if caption:
                self.paragraph(_escape(caption))
            return
        alt = alt or _squash(getattr(image, "default_alt_text", "") or "")
        caption = _truncate(caption, CAPTION_MAX, self.report, _("Caption"))
        self.add(
            "image",
            {"image": {"image": image.pk, "alt_text": alt, "decorative": not alt}, "caption": caption},
        )

    def embed_or_link(self, url, caption, label=""):
        url = html_lib.unescape((url or "").strip())
        if url.startswith("//"):
            url = "https:" + url
        caption = _truncate(_squash(caption), CAPTION_MAX, self.report, _("Caption"))
        if is_embeddable(url):
            self.add("embed", {"url": url, "caption": caption})
            return
        if not url:
            self.report(_("Embed without an address dropped."))
            return
        key = site_relative(url, self.site_url)
        target = None
        if key is not None:
            target = self.links.url_for(key) or self.image_target(key)
        href = self.file_url(target.image or target.document) if target else ""
        if target is not None and target.page is not None and target.page.pk is not None:
            link = f'<a linktype="page" id="{_attr(target.page.pk)}">'
        elif re.match(r"^https?://", href or url, re.IGNORECASE) or (href or url).startswith("/"):
            link = f'<a href="{_attr(href or url)}">'
        else:
            self.report(_("Embed %(url)s dropped: not a web address.") % {"url": url[:200]})
            return
        self.report(_("%(url)s cannot be embedded: kept as a link.") % {"url": url[:200]})
        text = label or caption or unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or url
        self.paragraph(f"{link}{_escape(text)}</a>")


def convert_body(
    content: str,
    *,
    links: LinkResolver,
    report: Callable[[str], None],
    site_url: str = "",
    attached: Iterable[int] = (),
) -> list[dict]:
    """WordPress post_content (Gutenberg block markup or classic-editor HTML, with shortcodes) -> raw StreamField
    data for BodyBlock: [{"type": "paragraph", "value": ...}, ...], every rich-text value already passed
    through Wagtail's rich-text conversion for that block's features. `report` receives one human-readable line per
    dropped or degraded thing (dynamic block, unknown shortcode, missing image...).

    `site_url` is the old site's address (`wp:base_site_url`), so links to it can be told from external ones;
    `attached` are the ids of the post's attachments in menu order, for a `[gallery]` without `ids`."""
    try:
        return _Converter(links, report, site_url, attached).convert(content or "")
    except RecursionError:
        # Thousands of nested elements or blocks (a broken or hostile export): keep the words, not the structure.
        report(_("Content nested too deeply to convert: kept as plain text."))
        text = clean_text(BeautifulSoup(content, "html.parser").get_text())
        paragraphs = [_squash(part) for part in re.split(r"\n\s*\n", text)]
        html = "".join(f"<p>{_escape(part)}</p>" for part in paragraphs if part)
        return [{"type": "paragraph", "value": to_rich_text(html)}] if html else []


BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "dl", "dt",
    "dd", "section", "article", "figure", "figcaption", "header", "footer", "address", "hr",
}  # fmt: skip


def _plain(html, with_urls):
    soup = BeautifulSoup(clean_text(html), "html.parser")
    out = []

    def walk(node):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                out.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in DROP_WITH_CONTENT:
                continue
            if child.name == "br":
                out.append("\n")
                continue
            if child.name == "img":
                alt = (child.get("alt") or "").strip()
                if alt:
                    out.append(alt)
                continue
            block = child.name in BLOCK_TAGS
            if block:
                out.append("\n\n" if child.name in ("p", "blockquote", "pre", "table", "ul", "ol", "dl") else "\n")
            start = len(out)
            walk(child)
            if child.name == "a" and with_urls:
                text = "".join(out[start:]).strip()
                href = (child.get("href") or "").strip()
                if re.match(r"^https?://", href, re.IGNORECASE) and href.rstrip("/") != text.rstrip("/"):
                    out.append(f" ({href})" if text else href)
            if block:
                out.append("\n\n" if child.name in ("p", "blockquote", "pre", "table", "ul", "ol", "dl") else "\n")

    walk(soup)
    text = clean_text("".join(out)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_text(html: str) -> str:
    """Comment HTML -> the plain text our ReaderComment holds (paragraphs as blank lines, links as their text + URL
    where they differ, entities decoded, XML-forbidden characters removed)."""
    return _plain(html or "", with_urls=True)


def excerpt_text(html: str) -> str:
    """An excerpt (or the start of a post) -> one line of plain text for a teaser: markup, shortcodes and block
    comments removed, entities decoded, whitespace collapsed."""
    return _squash(_plain(content_shortcodes.strip_all(clean_text(html or "")), with_urls=False))


TEASER_SLICE = 4000  # characters of HTML read first for a teaser


def teaser_text(html: str, length: int) -> str:
    """``excerpt_text`` of the start of ``html``, of which the first ``length`` characters are those of the whole.

    A teaser needs a few hundred characters, and parsing a long post whole for them was a fifteenth of an import's
    time. The slice ends after a tag (none is cut in two) and before a comment it would cut; its last element may be
    cut short, so its text is trusted only well past ``length``. Where the slice has too little text (markup-heavy
    block content), the whole is read: one slice at most is read in vain.
    """
    html = html or ""
    if len(html) > TEASER_SLICE:
        head = html[: html.rfind(">", 0, TEASER_SLICE) + 1]
        if head.count("<!--") != head.count("-->") and "<!--" in head:
            head = head[: head.rfind("<!--")]
        text = excerpt_text(head)
        if len(text) > 2 * length:
            return text
    return excerpt_text(html)
