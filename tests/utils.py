"""Small builders for tests: a site in both languages and articles, without a factory framework."""

import datetime

from wagtail.models import Collection, Locale, Page, Site

from blog.models import ArticlePage, Author, BlogIndexPage, Category
from home.models import HomePage, LegalPages, StandardPage

SAMPLE_BODY = [
    ("heading", {"text": "Kommunikation ist keine Einbahnstraße", "level": "h2", "anchor": ""}),
    ("paragraph", "<p>Gerade bei Bürodienstleistungen ist das Verhältnis zu den Kunden oft persönlich.</p>"),
    ("callout", {"title": "Fazit", "text": "<p>Wertschätzung ist für eine gute Zusammenarbeit wichtig.</p>"}),
]


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


def make_standard_page(parent, title="Impressum", **fields):
    fields.setdefault("slug", title.lower())
    fields.setdefault("body", [("paragraph", "<p>Platzhalter</p>")])
    return parent.add_child(instance=StandardPage(title=title, **fields))


_counter = {"n": 0}


def make_article(parent, **fields):
    """Create and publish an article below ``parent``; every field has a sensible default."""
    _counter["n"] += 1
    number = _counter["n"]
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


def make_author(name="Sabine Krüger", **fields):
    return Author.objects.create(name=name, **fields)


def make_category(name="Kundenbeziehung", slug="kundenbeziehung", **fields):
    return Category.objects.create(name=name, slug=slug, **fields)
