"""Builds the demo site from Python data: idempotent, and it survives every migration (unlike a fixture)."""

import datetime
import io
import uuid

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site

from PIL import Image as PILImage
from PIL import ImageDraw

from blog.models import ArticlePage, Author, BlogIndexPage, Category, CommentSettings, FeedSettings, ReaderComment, Tag
from blog.translation import translate

from ..models import HomePage, LegalPages, StandardPage
from . import data as demo_data

IMAGE_COLOURS = [("#0b5a7a", "#9fd3e6"), ("#7a3b0b", "#f0c89a"), ("#2f5d3a", "#bfe3c6"), ("#4b3b7a", "#d2c6f0")]


class DemoBuilder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def build(self, reset=False):
        if reset:
            self.reset()
        home, blog_index, imprint, privacy = self.structure()
        authors = {data["key"]: self.snippet(Author, {"name": data["name"]}, data) for data in demo_data.AUTHORS}
        categories = {
            data["slug"]: self.snippet(Category, {"slug": data["slug"]}, data) for data in demo_data.CATEGORIES
        }
        tags = {data["slug"]: self.snippet(Tag, {"slug": data["slug"]}, data) for data in demo_data.TAGS}
        for position, data in enumerate(demo_data.ARTICLES):
            self.article(blog_index, data, position, authors, categories, tags)
        self.comments()
        # Translations last: a page's translation needs its parent's translation and its snippets' translations.
        self.translate_structure(home, blog_index, imprint, privacy)
        for data in demo_data.ARTICLES:
            if data.get("en"):
                article = ArticlePage.objects.get(locale=self.de, slug=data["slug"])
                self.translate(article, data["en"])
        return self.created

    @transaction.atomic
    def build_structure(self, hostname, port):
        """The site without the demo: home page, article list and legal pages in German and English, and the Site
        with the address readers use. Safe to run again; run after ``build`` it keeps the demo content."""
        home, blog_index, imprint, privacy = self.structure()
        self.translate_structure(home, blog_index, imprint, privacy)
        site = Site.objects.get(root_page=home)
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()
            self.created += 1
        return site

    def structure(self):
        # get_or_create: a database flushed between tests has lost what the migrations made.
        self.de, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        home = self.home_page()
        blog_index = self.child_page(home, BlogIndexPage, demo_data.BLOG_INDEX)
        imprint = self.child_page(home, StandardPage, demo_data.IMPRINT)
        privacy = self.child_page(home, StandardPage, demo_data.PRIVACY)
        self.legal_pages(home, imprint, privacy)
        self.site_settings(home)
        return home, blog_index, imprint, privacy

    def translate_structure(self, home, blog_index, imprint, privacy):
        self.translate(home, demo_data.HOME["en"])
        self.translate(blog_index, demo_data.BLOG_INDEX["en"])
        self.translate(imprint, demo_data.IMPRINT["en"])
        self.translate(privacy, demo_data.PRIVACY["en"])

    def reset(self):
        # A queryset delete removes whole subtrees by path, whatever the order of the languages' trees.
        Page.get_first_root_node().get_descendants().delete()
        for model in (Author, Category, Tag):
            model.objects.all().delete()
        Image.objects.filter(collection__name="Root", title__startswith="Demo: ").delete()
        self.log("Removed the existing pages and snippets.")

    def home_page(self):
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=self.de))
        home = HomePage.objects.filter(locale=self.de, depth=2).first()
        if home is None:
            # Wagtail's first migration leaves a welcome page with the slug "home"; ours replaces it.
            for page in root.get_children().filter(locale=self.de).exclude(content_type__model="homepage"):
                page.delete()
            home = root.add_child(
                instance=HomePage(
                    title=settings.WAGTAIL_SITE_NAME,
                    slug="home",
                    tagline=demo_data.HOME["tagline"],
                    intro=demo_data.HOME["intro"],
                    locale=self.de,
                )
            )
            self.created += 1
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
        elif site.root_page_id != home.pk or site.site_name != settings.WAGTAIL_SITE_NAME:
            site.root_page = home
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save()
        return home

    def child_page(self, parent, model, data):
        page = model.objects.child_of(parent).filter(slug=data["slug"]).first()
        if page is None:
            fields = {key: value for key, value in data.items() if key != "en"}
            page = parent.add_child(instance=model(locale=self.de, **fields))
            self.created += 1
        return page

    def legal_pages(self, home, imprint, privacy):
        site = Site.objects.get(root_page=home)
        settings = LegalPages.for_site(site)
        if settings.imprint_page_id is None or settings.privacy_page_id is None:
            settings.imprint_page = settings.imprint_page or imprint
            settings.privacy_page = settings.privacy_page or privacy
            settings.save()

    def site_settings(self, home):
        """The comment and feed settings with their defaults, made now rather than by the first reader (whose
        request would then refresh every cached page once)."""
        site = Site.objects.get(root_page=home)
        for model in (CommentSettings, FeedSettings):
            model.for_site(site)

    def snippet(self, model, lookup, data):
        instance = model.objects.filter(locale=self.de, **lookup).first()
        fields = {name: data[name] for name in ("name", "slug", "bio", "description") if name in data}
        if instance is None:
            instance = model.objects.create(locale=self.de, **fields)
            self.created += 1
        translated = {name: data[f"{name}_en"] for name in fields if f"{name}_en" in data}
        if translated:
            self.translate(instance, translated)
        return instance

    def article(self, blog_index, data, position, authors, categories, tags):
        if ArticlePage.objects.filter(locale=self.de, slug=data["slug"]).exists():
            return
        article = ArticlePage(
            locale=self.de,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            date=datetime.date.fromisoformat(data["date"]),
            author=authors[data["author"]],
            header_image=self.image(data["title"], position),
            header_image_alt=data.get("header_image_alt", ""),
            body=[(block_type, value) for block_type, value in data["body"]],
        )
        article.categories = [categories[slug] for slug in data["categories"]]
        article.tags = [tags[slug] for slug in data.get("tags", [])]
        blog_index.add_child(instance=article)
        revision = article.save_revision()
        revision.publish()
        self.created += 1

    def comments(self):
        """The demo's reader comments, approved; each one created once, matched by article and text."""
        for slug, comments in demo_data.COMMENTS.items():
            article = ArticlePage.objects.filter(locale=self.de, slug=slug).first()
            if article is None:
                continue
            created = {}
            for data in comments:
                parent = created.get(data.get("parent"))
                comment = ReaderComment.objects.filter(article=article, text=data["text"]).first()
                if comment is None:
                    comment = ReaderComment.objects.create(
                        article=article,
                        parent=parent,
                        depth=parent.depth + 1 if parent else 1,
                        name=data["name"],
                        email=data["email"],
                        text=data["text"],
                        created_at=datetime.datetime.fromisoformat(data["created_at"]),
                        status=ReaderComment.Status.APPROVED,
                        is_author_reply=data.get("is_author_reply", False),
                    )
                    self.created += 1
                created[data["key"]] = comment

    def image(self, title, position):
        colour, accent = IMAGE_COLOURS[position % len(IMAGE_COLOURS)]
        picture = PILImage.new("RGB", (1200, 630), colour)
        draw = ImageDraw.Draw(picture)
        for step in range(6):
            offset = 120 + step * 170
            draw.ellipse((offset, 180 + (step % 2) * 80, offset + 220, 400 + (step % 2) * 80), outline=accent, width=12)
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=80)
        image = Image(
            title=f"Demo: {title}",
            description="",
            file=ImageFile(buffer, name=f"demo-{uuid.uuid4().hex[:8]}.jpg"),
        )
        image.save()
        return image

    def translate(self, instance, translated_fields):
        """Translate a page or snippet into English through wagtail-localize, once."""
        if instance.get_translation_or_none(self.en) is None:
            translate(instance, self.en, translated_fields)
            self.created += 1
