"""Many articles in both languages, fast, for load tests and benchmarks (``manage.py load_scale_data``).

Pages are written in bulk: the tree paths are computed here, base rows go in with ``bulk_create`` and article rows
with one insert per batch, without revisions. The English page of each article shares the German one's translation
key, as a wagtail-localize translation would. Search entries are written in bulk at the end.
"""

import datetime
import random
import time
import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from .blocks import anchor_for
from .models import ArticlePage, Author, BlogIndexPage, Category, Tag

BATCH = 500
SLUG_PREFIX = {"de": "last-", "en": "load-"}
WORDS = {
    "de": [
        "Kunde",
        "Kunden",
        "Angebot",
        "Rechnung",
        "Telefon",
        "Termin",
        "Büro",
        "Service",
        "Anruf",
        "Absprache",
        "Wertschätzung",
        "Datenschutz",
        "Zeitplan",
        "Auftrag",
        "Preis",
        "Stundensatz",
        "Akquise",
        "Homeoffice",
        "Organisation",
        "Ablage",
        "Sekretariat",
        "Buchhaltung",
        "Zusammenarbeit",
        "Vertrauen",
        "Erreichbarkeit",
        "Vertretung",
        "Qualität",
        "Planung",
        "Kommunikation",
        "Empfehlung",
    ],
    "en": [
        "client",
        "clients",
        "offer",
        "invoice",
        "telephone",
        "appointment",
        "office",
        "service",
        "call",
        "agreement",
        "appreciation",
        "privacy",
        "schedule",
        "order",
        "price",
        "rate",
        "acquisition",
        "remote",
        "organisation",
        "filing",
        "secretarial",
        "bookkeeping",
        "collaboration",
        "trust",
        "availability",
        "cover",
        "quality",
        "planning",
        "communication",
        "referral",
    ],
}
CATEGORY_NAMES = [
    ("Kundenbeziehung", "Client relations"),
    ("Büroalltag", "Office life"),
    ("Selbstständigkeit", "Self-employment"),
    ("Telefonservice", "Telephone service"),
    ("Buchhaltung", "Bookkeeping"),
    ("Recht und Datenschutz", "Law and data protection"),
    ("Marketing", "Marketing"),
    ("Werkzeuge", "Tools"),
]
AUTHOR_NAMES = ["Lena Hoffmann", "Jürgen Weiß", "Aylin Demir", "Peter Schäfer", "Maria Nowak"]
TAG_COUNT = 40


class ScaleDataBuilder:
    def __init__(self, articles=1000, comments=0, seed=5, stdout=None, index=True):
        self.count = articles
        self.comments = comments
        self.random = random.Random(seed)
        self.stdout = stdout
        self.index = index

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def build(self):
        started = time.monotonic()
        self.de = Locale.objects.get(language_code="de")
        self.en = Locale.objects.filter(language_code="en").first()
        index_de = BlogIndexPage.objects.filter(locale=self.de).first()
        if index_de is None:
            raise LookupError("No German article list: run load_demo_content first.")
        index_en = index_de.get_translation_or_none(self.en) if self.en else None
        with transaction.atomic():
            categories = self.snippets(Category, [(de, en) for de, en in CATEGORY_NAMES])
            tags = self.snippets(Tag, [(f"Thema {n}", f"Topic {n}") for n in range(1, TAG_COUNT + 1)])
            authors = self.authors()
            plans = [self.plan(number) for number in range(self.count)]
            german = self.create_pages(index_de, plans, "de", authors, categories, tags)
            english = []
            if index_en is not None:
                english = self.create_pages(index_en, plans, "en", authors, categories, tags)
        with connection.cursor() as cursor:
            # Fresh statistics, or the query planner picks plans made for an empty table.
            cursor.execute("ANALYZE")
        if self.index:
            self.update_search_index(german + english)
        self.add_comments(german + english)
        self.log(
            f"Created {len(german)} German and {len(english)} English articles in {time.monotonic() - started:.1f} s."
        )
        return german, english

    def snippets(self, model, names):
        """Snippets in German and their English translations (same translation key); existing ones are reused."""
        result = []
        for name_de, name_en in names:
            slug_de = anchor_for(name_de)
            original = model.objects.filter(locale=self.de, slug=slug_de).first()
            if original is None:
                original = model.objects.create(locale=self.de, name=name_de, slug=slug_de)
            if self.en and original.get_translation_or_none(self.en) is None:
                model.objects.create(
                    locale=self.en, name=name_en, slug=anchor_for(name_en), translation_key=original.translation_key
                )
            result.append(original)
        translations = {
            item.translation_key: item
            for item in model.objects.filter(locale=self.en, translation_key__in=[o.translation_key for o in result])
        }
        return [(original, translations.get(original.translation_key, original)) for original in result]

    def authors(self):
        result = []
        for name in AUTHOR_NAMES:
            original = Author.objects.filter(locale=self.de, name=name).first()
            if original is None:
                original = Author.objects.create(
                    locale=self.de, name=name, bio=f"{name} schreibt über den Alltag im Büroservice."
                )
            translated = original.get_translation_or_none(self.en) if self.en else None
            if self.en and translated is None:
                translated = Author.objects.create(
                    locale=self.en,
                    name=name,
                    slug=original.slug,
                    bio=f"{name} writes about everyday life in office services.",
                    translation_key=original.translation_key,
                )
            result.append((original, translated or original))
        return result

    def plan(self, number):
        """What one article is about, shared by both languages."""
        pick = self.random
        return {
            "key": uuid.uuid4(),
            "number": number,
            "date": datetime.date(2010, 1, 1) + datetime.timedelta(days=pick.randrange(365 * 16)),
            "author": pick.randrange(len(AUTHOR_NAMES)),
            "categories": pick.sample(range(len(CATEGORY_NAMES)), pick.choice([1, 1, 2])),
            "tags": pick.sample(range(TAG_COUNT), pick.randint(1, 4)),
            "words": [pick.randrange(len(WORDS["de"])) for _ in range(220)],
            "title_words": [pick.randrange(len(WORDS["de"])) for _ in range(4)],
        }

    def text(self, language, indexes):
        words = WORDS[language]
        return " ".join(words[index % len(words)] for index in indexes)

    def body(self, language, plan):
        words = plan["words"]
        heading = "Worauf es ankommt" if language == "de" else "What matters"
        return [
            {"type": "paragraph", "value": f"<p>{self.text(language, words[:90])}.</p>", "id": str(uuid.uuid4())},
            {
                "type": "heading",
                "value": {"text": heading, "level": "h2", "anchor": ""},
                "id": str(uuid.uuid4()),
            },
            {"type": "paragraph", "value": f"<p>{self.text(language, words[90:])}.</p>", "id": str(uuid.uuid4())},
        ]

    def create_pages(self, parent, plans, language, authors, categories, tags):
        parent = Page.objects.get(pk=parent.pk)
        content_type = ContentType.objects.get_for_model(ArticlePage)
        locale = self.de if language == "de" else self.en
        side = 0 if language == "de" else 1
        prefix = SLUG_PREFIX[language]
        existing = set(
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("slug", flat=True)
        )
        last_child = parent.get_last_child()
        next_step = self.next_step(parent, last_child)
        now = timezone.now()
        pages = []
        for plan in plans:
            title = self.text(language, plan["title_words"]).capitalize() + f" ({plan['number'] + 1})"
            slug = f"{prefix}{anchor_for(title)}"
            while slug in existing:
                slug += "-x"
            existing.add(slug)
            page = ArticlePage(
                title=title,
                draft_title=title,
                slug=slug,
                path=ArticlePage._get_path(parent.path, parent.depth + 1, next_step),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale=locale,
                translation_key=plan["key"],
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                seo_title="",
                search_description="",
                date=plan["date"],
                author=authors[plan["author"]][side],
                intro=self.text(language, plan["words"][:25]).capitalize() + ".",
                body=self.body(language, plan),
            )
            # Rows go in with bulk_create, past save(): the count a card's reading time reads.
            page.stored_word_count = page.word_count
            next_step += 1
            pages.append(page)
        for start in range(0, len(pages), BATCH):
            batch = pages[start : start + BATCH]
            Page.objects.bulk_create(batch)
            for page in batch:
                page.page_ptr_id = page.id
            fields = list(ArticlePage._meta.local_concrete_fields)
            ArticlePage._base_manager._insert(batch, fields=fields, using=connection.alias)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
        category_links = ArticlePage.categories.through
        tag_links = ArticlePage.tags.through
        category_links.objects.bulk_create(
            [
                category_links(articlepage_id=page.pk, category_id=categories[index][side].pk)
                for page, plan in zip(pages, plans, strict=True)
                for index in plan["categories"]
            ],
            batch_size=BATCH,
        )
        tag_links.objects.bulk_create(
            [
                tag_links(articlepage_id=page.pk, tag_id=tags[index][side].pk)
                for page, plan in zip(pages, plans, strict=True)
                for index in plan["tags"]
            ],
            batch_size=BATCH,
        )
        return pages

    def next_step(self, parent, last_child):
        if last_child is None:
            return 1
        return int(last_child.path[-ArticlePage.steplen :], 36) + 1

    def update_search_index(self, pages):
        for backend in get_search_backends(with_auto_update=True):
            index = backend.get_index_for_model(ArticlePage)
            for start in range(0, len(pages), BATCH):
                index.add_items(ArticlePage, pages[start : start + BATCH])

    def add_comments(self, pages):
        """``comments`` approved reader comments per article, in bulk; skipped where there is no comment model."""
        if not self.comments:
            return
        try:
            model = apps.get_model("blog", "ReaderComment")
        except LookupError:
            self.log("Skipped comments: this installation has no reader comments (blog.ReaderComment).")
            return
        now = timezone.now()
        names = ["Anna", "Bernd", "Claudia", "Deniz", "Emil"]
        comments = [
            model(
                article_id=page.pk,
                name=names[(index + number) % len(names)],
                email=f"leser{number}@example.org",
                text=f"Danke für den Beitrag! ({number + 1})",
                status=model.Status.APPROVED,
                created_at=now - datetime.timedelta(minutes=index * 10 + number),
            )
            for index, page in enumerate(pages)
            for number in range(self.comments)
        ]
        model.objects.bulk_create(comments, batch_size=BATCH)
        self.log(f"Created {len(comments)} comments.")
