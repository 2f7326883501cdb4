"""Content for tests: a site in both languages, articles, snippets, images, comments and the WordPress exports, without
a factory framework. Every field has a sensible default; a test names only what it is about."""

import datetime
import io
from pathlib import Path

from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site

from PIL import Image as PILImage

from blog.models import ArticlePage, Author, BlogIndexPage, Category, ReaderComment, Tag, WordPressObject
from blog.translation import translate
from home.models import HomePage, LegalPages, StandardPage

SAMPLE_BODY = [
    ("heading", {"text": "Kommunikation ist keine Einbahnstraße", "level": "h2", "anchor": ""}),
    ("paragraph", "<p>Gerade bei Bürodienstleistungen ist das Verhältnis zu den Kunden oft persönlich.</p>"),
    ("callout", {"title": "Fazit", "text": "<p>Wertschätzung ist für eine gute Zusammenarbeit wichtig.</p>"}),
]

# The WordPress exports the import is tested on: the old blog's own, and real-world ones (/work/shared, or the
# repository's own copy where the shared folder is not mounted).
WORDPRESS_FIXTURES = Path("/work/shared/fixtures/wordpress")
if not WORDPRESS_FIXTURES.exists():
    WORDPRESS_FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "wordpress"
BUERO_EXPORT = WORDPRESS_FIXTURES / "buero-blog.wordpress.xml"
REAL_WORLD_EXPORTS = WORDPRESS_FIXTURES / "real-world"
POLYLANG_EXPORT = Path(__file__).resolve().parent / "fixtures" / "wordpress" / "polylang-bilingual.xml"

_counter = {"n": 0}


def _next_number():
    _counter["n"] += 1
    return _counter["n"]


# The site


def build_site():
    """Replace Wagtail's welcome page with a German home page and an article list; return both."""
    german, _ = Locale.objects.get_or_create(language_code="de")
    Locale.objects.get_or_create(language_code="en")
    # A transactional test before this one (live servers, Varnish) flushed the tree that the migrations made.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=german))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    for child in root.get_children():
        child.delete()
    home = root.add_child(
        instance=HomePage(
            title="Das Blog rund ums Büro",
            slug="home",
            tagline="Bürodienstleister schreiben für Dienstleister und Unternehmen",
        )
    )
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Das Blog rund ums Büro"},
    )
    LegalPages.for_site(site)
    blog_index = home.add_child(instance=BlogIndexPage(title="Artikel", slug="artikel"))
    return home, blog_index


def build_english_site(home, blog_index):
    """English copies of the home page and the article list (``copy_for_translation``); return both."""
    home_en = translate_page(home, title="The office services blog", slug="home-en")
    index_en = translate_page(blog_index, title="Articles", slug="articles")
    return home_en, index_en


def build_bilingual_site():
    """German home and article list, and their English translations made through wagtail-localize, as translators
    make them; return (home, blog_index, en_home, en_index)."""
    home, blog_index = build_site()
    en = english_locale()
    en_home = translate(home, en, {"title": "The office services blog", "tagline": "Office blog"})
    en_index = translate(blog_index, en, {"title": "Articles", "slug": "articles"})
    return home, blog_index, en_home, en_index


# Pages


def make_standard_page(parent, title="Impressum", **fields):
    fields.setdefault("slug", title.lower())
    fields.setdefault("body", [("paragraph", "<p>Platzhalter</p>")])
    return parent.add_child(instance=StandardPage(title=title, **fields))


def make_article(parent, **fields):
    """Create and publish an article below ``parent``."""
    number = _next_number()
    categories = fields.pop("categories", [])
    tags = fields.pop("tags", [])
    fields.setdefault("title", f"Artikel {number}")
    fields.setdefault("slug", f"artikel-{number}")
    fields.setdefault("intro", "Ein kurzer Teaser für die Liste.")
    fields.setdefault("date", datetime.date(2026, 11, 1) - datetime.timedelta(days=number))
    fields.setdefault("body", SAMPLE_BODY)
    article = ArticlePage(**fields)
    article.categories = categories
    article.tags = tags
    parent.add_child(instance=article)
    article.save_revision().publish()
    return article


# Snippets and images


def make_author(name="Sabine Krüger", **fields):
    return Author.objects.create(name=name, **fields)


def make_category(name="Kundenbeziehung", slug="kundenbeziehung", **fields):
    return Category.objects.create(name=name, slug=slug, **fields)


def make_tag(name="Kommunikation", slug="kommunikation"):
    return Tag.objects.create(name=name, slug=slug)


def make_small_image(title="Bild", colour=(11, 90, 122)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), colour).save(buffer, format="JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


# Translations


def english_locale():
    return Locale.objects.get_or_create(language_code="en")[0]


def english_translation(instance):
    """The English translation of a page or snippet (it must exist)."""
    return instance.get_translation(english_locale())


def translate_page(page, **fields):
    """Publish an English translation of ``page`` with the given field values."""
    translation = page.copy_for_translation(english_locale())
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific


def translate_snippet(snippet, **fields):
    translation = snippet.copy_for_translation(english_locale())
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def english_category(category, name, slug):
    return translate_snippet(category, name=name, slug=slug)


def make_terms(**author_fields):
    """What an article's discovery links show: the category „Kundenbeziehung“ with its English translation „Client
    relations“, the tag „Kommunikation“ and the author „Sabine Krüger“ (with ``author_fields``)."""
    category = make_category()
    english = english_category(category, "Client relations", "client-relations")
    return category, english, make_tag(), make_author(**author_fields)


# Comments


def make_comment(article, **fields):
    """An approved reader comment (a reply when ``parent`` is given)."""
    number = _next_number()
    fields.setdefault("name", "Petra Hansen")
    fields.setdefault("email", f"leserin{number}@example.org")
    fields.setdefault("text", f"Kommentar Nummer {number}")
    fields.setdefault("status", ReaderComment.Status.APPROVED)
    parent = fields.get("parent")
    fields.setdefault("depth", parent.depth + 1 if parent else 1)
    return ReaderComment.objects.create(article=article, **fields)


# The WordPress import


def imported(wp_type, wp_id):
    """What the WordPress import made of an object of the export: the specific page, or the snippet or comment."""
    target = WordPressObject.objects.get(wp_type=wp_type, wp_id=str(wp_id)).target
    return target.specific if isinstance(target, Page) else target
