"""The WordPress import: analysis (a dry run that writes nothing) and the import itself, on one code path.

Pass 1 reads the whole export (``wxr.read``) and keeps only small summaries (ids, types, links, attachments), so a
truncated or malformed file is refused before anything is written. Pass 2 reads it again and imports item by item,
each in its own transaction; a failing item is reported with its WordPress id and the rest go on. Every object is
keyed on (source site, WordPress type, WordPress id) in ``WordPressObject``.
"""

import contextlib
import datetime
import hashlib
import html
import json
import logging
import re
import sys
import urllib.parse
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from modelcluster.models import get_all_child_relations
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import get_active_log_context
from wagtail.models import Locale, Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision, Site
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import TranslationSource

from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from treebeard.exceptions import PathOverflow

from blog.blocks import anchor_for
from blog.models import ArticlePage, Author, BlogIndexPage, Category, ReaderComment, Tag, WordPressObject
from blog.related import deferred_refresh
from site_project.caching.utils import deferred_purges, purge_all
from site_project.prepared import PreparedQuery

from ..translation import translate
from . import content, wxr
from .media import MediaImporter
from .wxr import ExportRefused

__all__ = ["ExportRefused", "ImportReport", "analyse", "run_import"]


logger = logging.getLogger(__name__)


def home_model(name):
    """One of home's models (the pages WordPress pages become, the start page's featured articles), by name: home
    builds on blog (its start page lists articles), so blog names home's models the way a ForeignKey does."""
    return apps.get_model("home", name)


PROGRESS_EVERY = 100
REDIRECT_BATCH = 500
FEATURED_MAX = 6
ZERO_DATE = "0000-00-00 00:00:00"
COMMENT_STATUSES = {
    "1": ReaderComment.Status.APPROVED,
    "approve": ReaderComment.Status.APPROVED,
    "0": ReaderComment.Status.PENDING,
    "hold": ReaderComment.Status.PENDING,
    "spam": ReaderComment.Status.SPAM,
    "trash": ReaderComment.Status.TRASH,
    "post-trashed": ReaderComment.Status.TRASH,
}
SKIPPED_TYPES = {"nav_menu_item", "wp_navigation", "wp_template", "wp_template_part", "wp_global_styles", "revision"}


class ReportLine:
    """One line of the report, read like the dict it becomes in ``to_dict`` (``line["message"]``); a quarter of a
    dict's memory, which counts on exports of tens of thousands of items with several lines each."""

    __slots__ = ("level", "type", "wp_id", "message")
    FIELDS = ("level", "type", "wp_id", "message")

    def __init__(self, level, wp_type, wp_id, message):
        self.level, self.type, self.wp_id, self.message = level, wp_type, wp_id, message

    def __getitem__(self, key):
        if key not in self.FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key, default=None):
        return getattr(self, key) if key in self.FIELDS else default

    def as_dict(self):
        return {name: getattr(self, name) for name in self.FIELDS}

    def __eq__(self, other):
        if isinstance(other, (ReportLine, dict)):
            return self.as_dict() == (other.as_dict() if isinstance(other, ReportLine) else other)
        return NotImplemented

    def __repr__(self):
        return repr(self.as_dict())


@dataclass
class ImportReport:
    counts: dict = field(default_factory=dict)
    lines: list = field(default_factory=list)
    pages: list = field(default_factory=list)

    def count(self, wp_type, action, number=1):
        bucket = self.counts.setdefault(wp_type, {})
        bucket[action] = bucket.get(action, 0) + number

    def line(self, level, wp_type, wp_id, message):
        # A large export repeats the same few messages thousands of times: one copy of each text in memory.
        self.lines.append(ReportLine(level, wp_type, wp_id, sys.intern(str(message))))

    def to_dict(self):
        lines = [line.as_dict() if isinstance(line, ReportLine) else line for line in self.lines]
        return {"counts": self.counts, "lines": lines, "pages": self.pages}

    @classmethod
    def from_dict(cls, data):
        return cls(
            counts=dict(data.get("counts", {})), lines=list(data.get("lines", [])), pages=list(data.get("pages", []))
        )

    def get(self, wp_type, action):
        return self.counts.get(wp_type, {}).get(action, 0)


def analyse(export_path, *, uploads=None, fetch_media=False, progress=None, site_url=None):
    """Dry run: reads everything, writes nothing, reports what would be created/updated/skipped and why."""
    return Importer(export_path, uploads=uploads, fetch_media=fetch_media, progress=progress, site_url=site_url).run(
        dry_run=True
    )


def run_import(export_path, *, uploads=None, fetch_media=False, progress=None, user=None, site_url=None):
    """The real import; the same report shape. Each item in its own transaction."""
    return Importer(
        export_path, uploads=uploads, fetch_media=fetch_media, progress=progress, user=user, site_url=site_url
    ).run(dry_run=False)


def stable_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def normalise_site(url):
    """The key of the source site: scheme and ``www.`` ignored, no trailing slash."""
    url = (url or "").strip().rstrip("/")
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    url = re.sub(r"^www\.", "", url, flags=re.IGNORECASE)
    return url.lower() or "-"


def parse_wp_date(value, gmt=False):
    """A WordPress ``Y-m-d H:i:s`` value as an aware datetime (local values in the site's time zone), or None."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        naive = datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    zone = datetime.UTC if gmt else timezone.get_default_timezone()
    return timezone.make_aware(naive, zone) if not gmt else naive.replace(tzinfo=zone)


def item_dates(item):
    """(local date shown to readers, aware moment) of a post: GMT when exported, else the local value."""
    local = parse_wp_date(item.post_date)
    moment = parse_wp_date(item.post_date_gmt, gmt=True) or local
    return (local or moment), moment


def clean_title(value):
    return " ".join(html.unescape(strip_tags(value or "")).split())


def clean_slug(value):
    slug = anchor_for(urllib.parse.unquote(value or ""))
    return slug[:200]


def link_path(url):
    """The path (and query) of an old URL, as Wagtail's redirects store it."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    return Redirect.normalise_path(path + (f"?{parts.query}" if parts.query else ""))


def item_language(item):
    """The language and translation group of an item: Polylang's taxonomies, else WPML Export and Import's fields."""
    language = group = ""
    for domain, nicename, _name in item.terms:
        if domain == "language":
            language = nicename
        elif domain == "post_translations":
            group = f"polylang:{nicename}"
    if not language:
        language = item.meta_value("_wpml_import_language_code") or item.meta_value("wpml_language")
        wpml_group = item.meta_value("_wpml_import_translation_group")
        group = f"wpml:{wpml_group}" if wpml_group else ""
    return {"language": language.strip().lower()[:2], "translation_group": group}


PHP_LANGUAGE_ID = re.compile(r's:\d+:"([a-zA-Z_-]{2,10})";i:(\d+);')


def term_languages(terms):
    """term id -> (language, id of the term's default-language original) from Polylang's ``term_translations``.

    The group's description is a PHP-serialised map of language to term id; only that pattern is read, nothing is
    unserialised.
    """
    default = settings.LANGUAGE_CODE[:2]
    languages = {}
    for term in terms:
        if term.taxonomy != "term_translations":
            continue
        members = {
            language.lower()[:2]: int(term_id) for language, term_id in PHP_LANGUAGE_ID.findall(term.description)
        }
        original = members.get(default)
        for language, term_id in members.items():
            languages[term_id] = (language, original if language != default else None)
    return languages


DEFERRED_CHUNK = 200
ANALYSE_FROM = 200  # pages imported before the tables' statistics are first refreshed (refresh_statistics)
INTRO_LENGTH = 300  # characters of an imported teaser


@contextlib.contextmanager
def deferred_side_effects(importer):
    """Do the work Wagtail and the site hang on every save once, at the end of the run, instead of per item.

    An editor's publish saves a page three times (create, revision, publish); the reference index, the search index
    and the page cache refresh would each run per save, and the related articles would be ranked again, with their
    neighbours, on every publish. The related articles are ranked once per imported article at the end
    (``blog.related.deferred_refresh``). While the import runs, the objects saved are
    only noted (model and primary key); at the end, also when the run fails, each is indexed once (the search
    index in bulk) and the page cache is refreshed once. The handlers are back whatever happens. The dry run
    writes nothing and needs none of it.
    """
    if importer.dry_run:
        yield
        return
    saved = {}  # model -> primary keys saved during the run, of the models the indexes at the end read
    anything_saved = []
    wanted = set(ReferenceIndex.tracked_models)

    def note(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None:
            anything_saved[:] = [True]
            # Revisions, log entries, import keys...: neither index reads them, so they are not kept (the set of
            # their ids, held to the end of the run, grew the memory of large imports).
            if sender in wanted:
                saved.setdefault(sender, set()).add(instance.pk)

    uid = f"wordpress_import_deferred_{id(importer)}"
    with deferred_purges(), deferred_refresh() as reranked:
        # Pages published by the import's own path (no page_published signal) are noted here too.
        importer.reranked = reranked
        post_save.connect(note, weak=False, dispatch_uid=uid)
        indexed = [
            model
            for model in search_index.get_indexed_models()
            if post_save.disconnect(post_save_signal_handler, sender=model)
        ]
        wanted.update(indexed)
        try:
            with disable_reference_index_auto_update():
                yield
        finally:
            post_save.disconnect(dispatch_uid=uid)
            for model in indexed:
                post_save.connect(post_save_signal_handler, sender=model)
            if anything_saved or any(bucket.get("created") for bucket in importer.report.counts.values()):
                # Comments and redirects are bulk-created (no signals): every page refreshes, once, on leaving.
                purge_all()
            backends = list(get_search_backends(with_auto_update=True))
            for model, pks in saved.items():
                pks = sorted(pks)
                for start in range(0, len(pks), DEFERRED_CHUNK):
                    objects = model.objects.filter(pk__in=pks[start : start + DEFERRED_CHUNK])
                    if model in ReferenceIndex.tracked_models:
                        # The reference index reads every child relation of each object: one query each for all.
                        objects = objects.prefetch_related(
                            *(relation.get_accessor_name() for relation in get_all_child_relations(model))
                        )
                    objects = list(objects)
                    if model in ReferenceIndex.tracked_models:
                        index_references(model, objects)
                    if model in indexed and objects:
                        for backend in backends:
                            backend.add_bulk(model, objects)
                    for obj in objects:
                        # The prefetched children point back at their page: a cycle only the rare full garbage
                        # collection frees. Dropped here, each chunk's memory is free for the next (a 100 MB
                        # export's pages otherwise stayed, about 30 MB of them, to the end of the run).
                        obj.__dict__.get("_prefetched_objects_cache", {}).clear()


# The slugs below a parent that start with a wanted one (``parent.get_children()``'s query), compiled once a run.
# Planned with its values each time: without them, ``path LIKE $1 AND slug LIKE $3`` cannot use an index.
SIBLING_SLUGS = PreparedQuery(
    lambda path, depth, slug: Page.objects.filter(
        path__startswith=path, depth=depth, slug__startswith=slug
    ).values_list("slug", flat=True),
    plan_once=False,
    path=str,
    depth=int,
    slug=str,
)


def index_references(model, objects):
    """``ReferenceIndex.create_or_update_for_object`` for each of these objects of one model, in one query for the
    references they have already and one insert for the new ones (Wagtail asks once per object): the same rows,
    the references found by Wagtail's own extraction, and those an object no longer has removed, as Wagtail
    removes them (``tests/test_wordpress_speed.py`` compares both)."""
    if not objects:
        return
    lineage = [model, *model._meta.get_parent_list()]
    content_types = [ContentType.objects.get_for_model(cls, for_concrete_model=False) for cls in lineage]
    content_type, base_content_type = content_types[0], content_types[-1]
    known_content_types = {ct.pk for ct in content_types}
    found = {str(obj.pk): set(ReferenceIndex._extract_references_from_object(obj)) for obj in objects}
    existing = {}  # object id -> {reference: (content type id, row id)}
    rows = ReferenceIndex.objects.filter(base_content_type=base_content_type, object_id__in=list(found))
    columns = ("id", "object_id", "content_type_id", "to_content_type", "to_object_id", "model_path", "content_path")
    for row_id, object_id, content_type_id, *reference in rows.values_list(*columns):
        existing.setdefault(object_id, {})[tuple(reference)] = (content_type_id, row_id)
    new, removed = [], []
    for object_id, references in found.items():
        had = existing.get(object_id, {})
        new.extend(
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=object_id,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references - set(had)
        )
        # As Wagtail: a row of a more specific model than this one is not this object's to remove.
        removed.extend(
            row_id
            for reference, (content_type_id, row_id) in had.items()
            if reference not in references and content_type_id in known_content_types
        )
    ReferenceIndex.objects.bulk_create(new, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if removed:
        ReferenceIndex.objects.filter(id__in=removed).delete()


def validate_page(page, slug_checked=False):
    """What ``Page.save()`` validates before publishing (``full_clean``: every field, the StreamField's blocks, the
    slug free among its siblings, the page's own ``clean``), less what the database checks itself at the item's
    commit: that its foreign keys exist and its path and translation key are unique (Django asks each of them in
    a query of its own; the import has every one of those rows in hand). ``save_revision()`` validates a draft the
    same way. ``slug_checked``: the import has just made the slug free among the siblings (``unique_slug``) or
    kept the one the page has, so Wagtail's own check would ask the parent and the siblings again for nothing."""
    relations = [field.name for field in page._meta.concrete_fields if field.is_relation]
    if slug_checked:
        # An instance attribute over Wagtail's Page._check_slug_is_unique, which Page.clean() calls; removed after.
        page._check_slug_is_unique = _slug_already_checked
    try:
        page.full_clean(exclude=relations, validate_unique=False)
    finally:
        page.__dict__.pop("_check_slug_is_unique", None)


def _slug_already_checked():
    return None


def log_creation(page):
    """The "created" entry of the page's history, as ``Page.save()`` writes it for a new page, in one insert: the
    entry's own ``save`` validates it first, asking whether its page and content type exist (two queries for rows
    the import has just written or read)."""
    context = get_active_log_context()
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page=page,
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=page.get_admin_display_title(),
                action="wagtail.create",
                timestamp=timezone.now(),
                data={},
                user_id=page.owner_id or getattr(context.user, "pk", None),
                uuid=context.uuid,
                content_changed=True,
            )
        ]
    )


def claim_child_slot(parent):
    """The parent's row locked, its ``numchild`` counted up and its path, depth, new ``numchild`` and last child's
    path, in one statement (treebeard locks, reads the last child and updates in three; the ORM has no UPDATE …
    RETURNING, which PostgreSQL and SQLite 3.35+ both have). The item's transaction holds the lock to its end and
    undoes the count if the item fails."""
    quote = connection.ops.quote_name
    table = quote(Page._meta.db_table)
    names = ("id", "path", "depth", "numchild")
    pk, path, depth, numchild = (quote(Page._meta.get_field(name).column) for name in names)
    sql = (
        f"UPDATE {table} SET {numchild} = {numchild} + 1 WHERE {pk} = %s "
        f"RETURNING {path}, {depth}, {numchild}, ("
        f"SELECT child.{path} FROM {table} child WHERE child.{path} >= {table}.{path} || %s "
        f"AND child.{path} <= {table}.{path} || %s AND child.{depth} = {table}.{depth} + 1 "
        f"ORDER BY child.{path} DESC LIMIT 1)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [parent.pk, Page.alphabet[0] * Page.steplen, Page.alphabet[-1] * Page.steplen])
        row = cursor.fetchone()
    if row is None:
        raise Page.DoesNotExist(f"The parent page {parent.pk} is gone.")
    return row


def add_child(parent, page):
    """``parent.add_child(instance=page)`` as treebeard does it (the parent row locked, the path after its last
    child's, ``numchild`` counted up) and saved with ``validate_page`` instead of ``Page.save``'s own checks,
    reading only the columns the path needs instead of the parent and its last child as pages. After the save, the
    page's child relations (none, it is new) and its categories and tags are known in memory, so serialising it
    for its revision asks nothing more."""
    path, depth, numchild, last = claim_child_slot(parent)
    page.depth = depth + 1
    if numchild == 1 or last is None:
        page.path = Page._get_path(path, page.depth, 1)
    else:
        page.path = Page._get_path(path, page.depth, Page._str2int(last[-Page.steplen :]) + 1)
    if len(page.path) != page.depth * Page.steplen or len(page.path) > Page._meta.get_field("path").max_length:
        raise PathOverflow(f"No more room for pages below {path} (path {page.path})")
    parent.numchild = numchild
    page._cached_parent_obj = parent
    validate_page(page, slug_checked=True)
    relations = {}

    def write_links(sender, instance, **kwargs):
        # Once the page's row is written, before modelcluster compares its categories and tags (as the page's save
        # left them, in its language) with the rows in the database (a new page has none): their rows in one insert
        # each.
        if instance is not page:
            return
        for name in ("categories", "tags"):
            objects = getattr(instance, "_cluster_related_objects", {}).pop(name, None)
            if objects is None:
                continue
            relations[name] = objects
            field = instance._meta.get_field(name)
            through = field.remote_field.through
            through.objects.bulk_create(
                [through(**{field.m2m_column_name(): instance.pk, field.m2m_reverse_name(): obj.pk}) for obj in objects]
            )

    # What Page.save() would ask the database: no site has a page made just now (with a new translation key) as root.
    page._is_site_root = False
    uid = f"wordpress_import_links_{id(page)}"
    post_save.connect(write_links, sender=type(page), weak=False, dispatch_uid=uid)
    try:
        page.save(clean=False, log_action=None)
    finally:
        post_save.disconnect(sender=type(page), dispatch_uid=uid)
    log_creation(page)
    for name, objects in relations.items():
        setattr(page, name, objects)
    for relation in get_all_child_relations(page):
        setattr(page, relation.get_accessor_name(), [])
    return page


class PageMap:
    """(WordPress type, id) -> page: only the ids are held, the page is read when asked for (flat memory)."""

    def __init__(self):
        self.ids = {}

    def __setitem__(self, key, page):
        self.ids[key] = page.pk

    def __contains__(self, key):
        return key in self.ids

    def pk(self, key):
        return self.ids.get(key)

    def get(self, key):

        pk = self.ids.get(key)
        page = Page.objects.filter(pk=pk).first() if pk else None
        return page.specific if page is not None else None


class ContentState:
    """A page's serialised revision content read as ``page_state`` reads a page: fields by name, categories and
    tags as objects with a ``pk``."""

    class Pk:
        __slots__ = ("pk",)

        def __init__(self, pk):
            self.pk = pk

    class Many:
        def __init__(self, pks):
            self.pks = pks

        def all(self):
            return [ContentState.Pk(pk) for pk in self.pks]

    def __init__(self, content):
        self.content = content
        self.title, self.slug = content["title"], content["slug"]
        self.intro = content.get("intro")
        self.date = content.get("date")
        self.author_id, self.header_image_id = content.get("author"), content.get("header_image")
        self.categories = self.Many(content.get("categories", []))
        self.tags = self.Many(content.get("tags", []))


@dataclass(slots=True)
class Summary:
    """What pass 1 keeps of an item: enough to resolve links, parents, featured images and redirects."""

    wp_type: str
    status: str
    link: str
    post_name: str
    parent: int
    post_date: str
    attachment_url: str = ""
    attached_file: str = ""
    alt: str = ""
    title: str = ""
    language: str = ""
    translation_group: str = ""


class Importer:
    def __init__(self, export_path, *, uploads=None, fetch_media=False, progress=None, user=None, site_url=None):
        self.path = export_path
        self.uploads = uploads
        self.fetch_media = fetch_media
        self.progress = progress
        self.user = user
        self.site_url_override = site_url
        self.report = ImportReport()
        self.dry_run = True
        self.summaries = {}
        self.images = {}  # attachment id -> Image
        self.pages_by_wp = PageMap()
        self.link_index = {}  # old path -> (wp_type, wp_id)
        self.sticky = []
        self.moves = []
        self.total = 0
        self.done = 0
        self.groups = {}  # translation group -> {language: post id}
        self.deferred = set()
        self.pending_redirects = {}  # old path -> Redirect fields, saved in batches of several items (save_redirects)
        self.forward_links = []  # (href, (wp_type, wp_id)) of the item being converted, to posts not imported yet
        self.pages_linking_forward = {}  # page pk -> its forward links
        self.reranked = set()
        self.written_content = None  # (page pk, content) of the revision write_revision wrote last
        self.known = set()
        self.next_analyse = ANALYSE_FROM  # pages imported at the next refresh_statistics()
        self.default_language = settings.LANGUAGE_CODE[:2]

    # -- entry point --------------------------------------------------------------------------------------------

    def run(self, dry_run):
        self.dry_run = dry_run
        self.scan()
        self.prepare_targets()
        # Before anything is written: a hostile uploads archive refuses the whole import.
        self.media = MediaImporter(self, uploads=self.uploads, fetch=self.fetch_media)
        with deferred_side_effects(self):
            self.import_people_and_terms()
            self.import_media()
            self.import_items()
        if self.progress:
            self.progress(self.total, self.total, _("Done"))
        return self.report

    def import_items(self):
        reader = wxr.read(self.path)
        next(reader)
        for item in reader:
            self.done += 1
            self.import_item(item)
            self.refresh_statistics()
            if self.progress and self.done % PROGRESS_EVERY == 0:
                self.progress(self.done, self.total, _("Importing"))
        if self.deferred:
            # Translations after all originals, wherever they are in the file.
            reader = wxr.read(self.path)
            next(reader)
            for item in reader:
                if item.post_id in self.deferred:
                    self.import_item(item, translation=True)
        if not self.dry_run:
            self.finish()

    def refresh_statistics(self):
        """PostgreSQL's planner statistics of the tables the import fills, refreshed each time they have doubled.

        A fresh site's tables have a few rows, and the planner keeps planning for a few rows until the tables are
        analysed again: with autovacuum off, or between its runs, the query for the parent's last child sorted every
        child instead of reading one row of the path index (8.6 ms instead of 0.05 ms below 7,800 articles), and
        the import slowed down with each article. Analysing is what PostgreSQL's manual asks for after a bulk load;
        doubling keeps it to a dozen runs (tens of milliseconds each) however large the export.
        """
        if self.dry_run or connection.vendor != "postgresql" or len(self.report.pages) < self.next_analyse:
            return
        self.next_analyse = 2 * len(self.report.pages)
        with connection.cursor() as cursor:
            for model in (Page, Revision, PageLogEntry, Redirect, WordPressObject, ReaderComment):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    # -- pass 1 -------------------------------------------------------------------------------------------------

    def scan(self):
        reader = wxr.read(self.path)
        self.channel = next(reader)
        creators = {}
        for item in reader:
            self.total += 1
            if item.post_id:
                # Held for every item until the end of the run: only what is used, repeated words shared.
                attachment = item.post_type == "attachment"
                language = item_language(item)
                self.summaries[item.post_id] = Summary(
                    wp_type=sys.intern(item.post_type),
                    status=sys.intern(item.status),
                    link=item.link if item.post_type in ("attachment", "post", "page") else "",
                    post_name="",
                    parent=item.post_parent,
                    post_date=item.post_date[:10] if item.post_type == "post" else "",
                    attachment_url=item.attachment_url if attachment else "",
                    attached_file=item.meta_value("_wp_attached_file") if attachment else "",
                    alt=item.meta_value("_wp_attachment_image_alt") if attachment else "",
                    title=item.title if attachment else "",
                    language=sys.intern(language["language"]),
                    translation_group=language["translation_group"],
                )
                summary = self.summaries[item.post_id]
                if summary.translation_group and summary.language:
                    self.groups.setdefault(summary.translation_group, {})[summary.language] = item.post_id
            if item.creator:
                creators.setdefault(item.creator, None)
            if self.progress and self.total % PROGRESS_EVERY == 0:
                self.progress(self.total, None, _("Reading the export"))
        self.creators = list(creators)
        self.term_languages = term_languages(self.channel.terms)
        self.site_url = (self.site_url_override or self.channel.site_url).rstrip("/")
        self.source = normalise_site(self.site_url)
        self.attached = {}
        for wp_id, summary in sorted(self.summaries.items()):
            if summary.wp_type == "attachment" and summary.parent:
                self.attached.setdefault(summary.parent, []).append(wp_id)
            elif summary.wp_type in ("post", "page") and summary.link:
                key = content.site_relative(summary.link, self.site_url)
                if key:
                    self.link_index.setdefault(key, (summary.wp_type, wp_id))

    # -- targets ------------------------------------------------------------------------------------------------

    def prepare_targets(self):
        self.locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first() or Locale.get_default()
        self.site = Site.objects.filter(is_default_site=True).first()
        home = self.site.root_page.specific if self.site else None
        if not isinstance(home, home_model("HomePage")):
            home = home_model("HomePage").objects.filter(locale=self.locale).first()
        self.home = home
        self.blog_index = BlogIndexPage.objects.child_of(home).filter(locale=self.locale).first() if home else None
        if self.home is None or self.blog_index is None:
            raise ExportRefused(
                _("The site has no German home page with an article list yet; create them before importing.")
            )
        self.content_types = {}
        # What earlier runs imported from this site: no query per item for what is new, and links to pages of
        # earlier runs resolve at once.
        self.known = set()
        for wp_type, wp_id, object_id in WordPressObject.objects.filter(source_site=self.source).values_list(
            "wp_type", "wp_id", "object_id"
        ):
            self.known.add((wp_type, wp_id))
            if wp_type in ("post", "page") and wp_id.isdigit():
                self.pages_by_wp.ids[(wp_type, int(wp_id))] = object_id

    def ct(self, model):
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model)
        return self.content_types[model]

    def mapping(self, wp_type, wp_id):
        if (wp_type, str(wp_id)) not in self.known:
            return None
        return WordPressObject.objects.filter(source_site=self.source, wp_type=wp_type, wp_id=str(wp_id)).first()

    def remember(self, wp_type, wp_id, obj, source_hash, imported_hash):
        """Key an imported object: one insert for a new one, one update for what an earlier run imported
        (``update_or_create`` would add a savepoint and a locking read to each)."""
        key = (wp_type, str(wp_id))
        lookup = {"source_site": self.source, "wp_type": wp_type, "wp_id": key[1]}
        fields = {
            "content_type": self.ct(type(obj)),
            "object_id": obj.pk,
            "source_hash": source_hash,
            "imported_hash": imported_hash,
        }
        if key in self.known and WordPressObject.objects.filter(**lookup).update(**fields):
            return
        self.known.add(key)
        WordPressObject.objects.create(**lookup, **fields)

    # -- authors, categories, tags ------------------------------------------------------------------------------

    def import_people_and_terms(self):
        self.authors = {}
        authors = self.channel.authors or [wxr.Author(login=login) for login in self.creators]
        for author in authors:
            login = author.login
            name = author.display_name or " ".join(filter(None, [author.first_name, author.last_name])) or login
            name = clean_title(name).lstrip(">").strip() or login.lstrip(">") or "WordPress"
            self.authors[login] = self.snippet("author", login, Author, {"name": name[:120]}, lookup=None)
        self.terms = {}
        declared = {}
        for term in self.channel.terms:
            if term.taxonomy in ("category", "post_tag") and term.slug:
                declared[(term.taxonomy, term.slug)] = term
        translated_terms = []
        for (taxonomy, slug), term in declared.items():
            language, original_id = self.term_languages.get(term.term_id, ("", None))
            if language and language != self.default_language and original_id:
                translated_terms.append((term, language, original_id))
                continue
            obj = self.term(taxonomy, slug, term.name, term.description, term.parent)
            if obj is not None and obj.pk and term.term_id and taxonomy == "category" and not self.dry_run:
                # For the old /?cat=ID shortlinks.
                self.remember("category_id", term.term_id, obj, "", "")
        by_id = {term.term_id: term for term in declared.values() if term.term_id}
        for term, language, original_id in translated_terms:
            original = by_id.get(original_id)
            source = self.terms.get((original.taxonomy, original.slug)) if original else None
            self.terms[(term.taxonomy, term.slug)] = self.translate_snippet(term, language, source)

    def term(self, taxonomy, slug, name, description="", parent=""):
        key = (taxonomy, slug)
        if key in self.terms:
            return self.terms[key]
        model = Category if taxonomy == "category" else Tag
        our_slug = clean_slug(slug) or clean_slug(name) or "wordpress"
        fields = {"name": clean_title(name or slug)[:80] or our_slug, "slug": our_slug[:80]}
        if model is Category:
            fields["description"] = clean_title(description)[:1000]
        wp_type = "category" if model is Category else "tag"
        if parent and model is Category:
            self.report.line(
                "info",
                wp_type,
                slug,
                _("Category “%(name)s” was below “%(parent)s” in WordPress; our categories have no parents.")
                % {"name": fields["name"], "parent": parent},
            )
        obj = self.snippet(wp_type, slug, model, fields, lookup={"locale": self.locale, "slug": fields["slug"]})
        self.terms[key] = obj
        return obj

    def snippet(self, wp_type, wp_id, model, fields, lookup):
        """Create or update one snippet; an existing snippet of the same slug is adopted rather than duplicated."""
        source_hash = stable_hash(fields)
        existing = self.mapping(wp_type, wp_id)
        obj = existing.target if existing else None
        if obj is not None:
            if existing.source_hash == source_hash:
                self.report.count(wp_type, "unchanged")
                return obj
            if stable_hash(self.snippet_state(obj, fields)) != existing.imported_hash:
                self.report.count(wp_type, "edited")
                self.report.line(
                    "warning",
                    wp_type,
                    wp_id,
                    _("“%(name)s” was changed in Wagtail since the last import; left alone.") % {"name": obj},
                )
                return obj
            action = "updated"
        else:
            if lookup is not None:
                obj = model.objects.filter(**lookup).first()
            action = "created" if obj is None else "matched"
        self.report.count(wp_type, action)
        if self.dry_run:
            return obj
        try:
            with transaction.atomic():
                if obj is None:
                    obj = model(locale=self.locale, **fields)
                elif action == "updated":
                    for name, value in fields.items():
                        setattr(obj, name, value)
                obj.save()
                self.remember(wp_type, wp_id, obj, source_hash, stable_hash(self.snippet_state(obj, fields)))
        except Exception as error:  # one failing object must not stop the import
            logger.exception("WordPress import: %s %s failed", wp_type, wp_id)
            self.report.count(wp_type, "failed")
            self.report.line("error", wp_type, wp_id, _("Could not be imported: %(error)s") % {"error": error})
            return None
        return obj

    @staticmethod
    def snippet_state(obj, fields):
        return {name: getattr(obj, name) for name in fields}

    # -- media --------------------------------------------------------------------------------------------------

    def import_media(self):
        for wp_id, summary in self.summaries.items():
            if summary.wp_type == "attachment":
                image = self.media.import_attachment(wp_id, summary)
                if image is not None:
                    self.images[wp_id] = image
        missing = self.report.get("attachment", "missing")
        if missing and not (self.uploads or self.fetch_media):
            self.report.line(
                "warning",
                "attachment",
                None,
                _("No uploads folder or zip was given: %(count)s attachments were not imported.") % {"count": missing},
            )

    # -- items --------------------------------------------------------------------------------------------------

    def import_item(self, item, translation=False):
        wp_type = item.post_type or "unknown"
        if wp_type == "attachment":
            return
        if wp_type not in ("post", "page"):
            self.report.count(wp_type, "skipped")
            if wp_type not in SKIPPED_TYPES:
                self.report.line(
                    "info", wp_type, item.post_id, _("Item of type “%(type)s” is not imported.") % {"type": wp_type}
                )
            return
        if not item.post_id:
            self.report.count(wp_type, "skipped")
            self.report.line(
                "warning",
                wp_type,
                None,
                _("“%(title)s” has no WordPress id and was skipped.") % {"title": clean_title(item.title) or "?"},
            )
            return
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.count(wp_type, "skipped")
            self.report.line(
                "info", wp_type, item.post_id, _("Status “%(status)s”: not imported.") % {"status": item.status}
            )
            return
        original = None
        summary = self.summaries.get(item.post_id)
        if summary is not None and summary.language and summary.language != self.default_language:
            original_id = self.groups.get(summary.translation_group, {}).get(self.default_language)
            if not original_id:
                self.report.count(wp_type, "skipped")
                self.report.line(
                    "warning",
                    wp_type,
                    item.post_id,
                    _("Written in “%(language)s” without a German original; not imported.")
                    % {"language": summary.language},
                )
                return
            if not translation:
                self.deferred.add(item.post_id)
                return
            original = self.pages_by_wp.get((wp_type, original_id))
            if original is None and not self.dry_run:
                self.report.count(wp_type, "failed")
                self.report.line(
                    "error",
                    wp_type,
                    item.post_id,
                    _("Its German original %(id)s was not imported.") % {"id": original_id},
                )
                return
        # The item's redirects are collected apart and join the run's only once the item is in: a failing item
        # leaves none behind, and those of the items before it are not in its transaction.
        earlier, self.pending_redirects = self.pending_redirects, {}
        try:
            with transaction.atomic():
                page = self.import_page(item, wp_type, original=original, language=summary.language if original else "")
                if wp_type == "post" and (page is not None or self.dry_run):
                    self.import_comments(item, page)
                elif wp_type == "page" and item.comments:
                    self.report.count("comment", "skipped_on_page", len(item.comments))
                if page is not None:
                    self.redirects(item, page)
        except Exception as error:  # one failing item must not stop the import
            logger.exception("WordPress import: %s %s failed", wp_type, item.post_id)
            self.report.count(wp_type, "failed")
            self.report.line("error", wp_type, item.post_id, _("Could not be imported: %(error)s") % {"error": error})
            self.pending_redirects = earlier
            return
        own, self.pending_redirects = self.pending_redirects, earlier
        for path, fields in own.items():
            self.add_redirect(path, fields)

    def page_fields(self, item, wp_type, lines):
        title = clean_title(item.title)
        if not title:
            title = clean_title(urllib.parse.unquote(item.post_name)) or _("(untitled, WordPress %(id)s)") % {
                "id": item.post_id
            }
            lines.append(_("The post has no title; “%(title)s” was used.") % {"title": title})
        fields = {"title": title[:255]}
        body = content.convert_body(
            item.content,
            links=self.media.resolver,
            report=lines.append,
            site_url=self.site_url,
            attached=self.attached.get(item.post_id, ()),
        )
        fields["body"] = body
        local, moment = item_dates(item)
        if wp_type == "post":
            fields["intro"] = self.intro(item, title)
            fields["date"] = (local or timezone.now()).date()
            author = self.authors.get(item.creator)
            fields["author_id"] = author.pk if author is not None and author.pk else None
            thumbnail = item.meta_value("_thumbnail_id")
            image = self.images.get(int(thumbnail)) if thumbnail.isdigit() else None
            if thumbnail and image is None:
                lines.append(_("Its featured image (attachment %(id)s) was not imported.") % {"id": thumbnail})
            fields["header_image_id"] = image.pk if image is not None else None
            fields["comments_enabled"] = item.comment_status != "closed"
            categories, tags = [], []
            for domain, nicename, name in item.terms:
                if domain in ("category", "post_tag", "tag"):
                    taxonomy = "category" if domain == "category" else "post_tag"
                    term = self.term(taxonomy, nicename or clean_slug(name), name)
                    if term is not None and term.pk:
                        (categories if taxonomy == "category" else tags).append(term.pk)
            fields["categories"] = sorted(set(categories))
            fields["tags"] = sorted(set(tags))
        return fields, moment

    def intro(self, item, title):
        text = content.teaser_text(item.excerpt, INTRO_LENGTH) if item.excerpt.strip() else ""
        if not text:
            before_more = item.content.split("<!--more", 1)[0]
            text = content.teaser_text(before_more, INTRO_LENGTH)
        text = " ".join(text.split())
        return Truncator(text).chars(INTRO_LENGTH) if text else title[:INTRO_LENGTH]

    def source_hash(self, item):
        return stable_hash(
            {
                "title": item.title,
                "content": item.content,
                "excerpt": item.excerpt,
                "status": item.status,
                "date": item.post_date,
                "name": item.post_name,
                "password": item.post_password,
                "terms": item.terms,
                "thumbnail": item.meta_value("_thumbnail_id"),
                "parent": item.post_parent,
                "creator": item.creator,
                "comment_status": item.comment_status,
                "sticky": item.is_sticky,
            }
        )

    @staticmethod
    def page_state(page):
        """What an editor can change, from the latest revision: compared with what the import left."""
        latest = page.get_latest_revision_as_object() if page.pk else page
        return Importer.state_hash(latest, list(latest.body.raw_data), isinstance(latest, ArticlePage))

    @staticmethod
    def content_state(page, content):
        """``page_state`` of a page whose latest revision has just been written with ``content`` (its
        ``serializable_data()``), read from that content instead of the revision read back: the same values as
        ``get_latest_revision_as_object()`` gives (``tests/test_wordpress_speed.py`` compares both)."""
        known = page.body.stream_block.child_blocks
        body = [block for block in json.loads(content["body"]) if block.get("type") in known]
        return Importer.state_hash(ContentState(content), body, isinstance(page, ArticlePage))

    @staticmethod
    def state_hash(latest, body, article):
        state = {"title": latest.title, "slug": latest.slug, "body": body}
        if article:
            state.update(
                intro=latest.intro,
                date=str(latest.date),
                author=latest.author_id,
                image=latest.header_image_id,
                categories=sorted(c.pk for c in latest.categories.all()),
                tags=sorted(t.pk for t in latest.tags.all()),
            )
        for block in state["body"]:
            block.pop("id", None)
        return stable_hash(state)

    def import_page(self, item, wp_type, original=None, language=""):
        model = ArticlePage if wp_type == "post" else home_model("StandardPage")
        source_hash = self.source_hash(item)
        existing = self.mapping(wp_type, item.post_id)
        page = existing.target if existing else None
        page = page.specific if page is not None else None
        if page is not None:
            self.pages_by_wp[(wp_type, item.post_id)] = page
            if existing.source_hash == source_hash:
                self.report.count(wp_type, "unchanged")
                return page
            if self.page_state(page) != existing.imported_hash:
                self.report.count(wp_type, "edited")
                self.report.line(
                    "warning",
                    wp_type,
                    item.post_id,
                    _(
                        "“%(title)s” was changed in Wagtail since the last import; the newer WordPress version was "
                        "not applied."
                    )
                    % {"title": page.title},
                )
                return page
        lines = []
        self.forward_links = []
        self.written_content = None
        fields, moment = self.page_fields(item, wp_type, lines)
        action = "updated" if page is not None else "created"
        for line in lines:
            self.report.line("warning", wp_type, item.post_id, line)
        if self.dry_run:
            self.report.count(wp_type, action)
            self.status_lines(item, wp_type, moment)
            return None
        categories = fields.pop("categories", None)
        tags = fields.pop("tags", None)
        if categories is not None:
            categories, tags = self.term_objects(Category, categories), self.term_objects(Tag, tags)
        if original is not None:
            # Date, author, picture, categories and tags are synchronised from the German original.
            categories = tags = None
            for name in ("date", "author_id", "header_image_id", "comments_enabled"):
                fields.pop(name, None)
        if page is None and original is not None:
            page = self.create_translation(item, original, language, fields, wp_type)
            self.apply_status(item, wp_type, page, moment)
        elif page is None:
            parent = self.parent_for(item, wp_type)
            page = model(locale=self.locale, live=False, **fields)
            if fields.get("author_id"):
                # The run's own object: the page's save reads the author's language from it without a query.
                page.author = next(a for a in self.authors.values() if a is not None and a.pk == fields["author_id"])
            page.slug = self.unique_slug(parent, item, fields["title"], wp_type)
            if categories is not None:
                page.categories = categories
                page.tags = tags
            if moment:
                page.first_published_at = moment
            self.create_page(item, wp_type, parent, page, moment)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            if categories is not None:
                page.categories = categories
                page.tags = tags
            if not self.republish(item, wp_type, page, moment):
                self.apply_status(item, wp_type, page, moment)
        self.pages_by_wp[(wp_type, item.post_id)] = page
        if self.forward_links:
            self.pages_linking_forward[page.pk] = self.forward_links
        written, self.written_content = self.written_content, None
        state = self.content_state(page, written[1]) if written and written[0] == page.pk else self.page_state(page)
        if existing is None:
            self.known.add((wp_type, str(item.post_id)))
            WordPressObject.objects.create(
                source_site=self.source,
                wp_type=wp_type,
                wp_id=str(item.post_id),
                content_type=self.ct(model),
                object_id=page.pk,
                source_hash=source_hash,
                imported_hash=state,
            )
        else:
            self.remember(wp_type, item.post_id, page, source_hash, state)
        self.report.pages.append(page.pk)
        self.report.count(wp_type, action)
        if item.is_sticky and wp_type == "post" and original is None:
            self.sticky.append(page)
        return page

    def term_objects(self, model, pks):
        """The categories or tags of these pks, from those the run has (a query only for others)."""
        known = {obj.pk: obj for obj in self.term_cache(model)}
        missing = [pk for pk in pks if pk not in known]
        if missing:
            known.update(model.objects.in_bulk(missing))
        return [known[pk] for pk in pks if pk in known]

    def term_cache(self, model):
        if len(self.terms) != getattr(self, "_term_cache_size", -1):
            self._term_cache_size = len(self.terms)
            self._term_cache = [obj for obj in self.terms.values() if obj is not None and obj.pk]
        return [obj for obj in self._term_cache if isinstance(obj, model)]

    def create_page(self, item, wp_type, parent, page, moment):
        """A new page in the state an editor's publish (or save as draft, or schedule) leaves it, written directly.

        Wagtail's ``save_revision().publish()`` saves the page three times and sends ``page_published``, whose
        receivers are the page cache (refreshed once at the end of the run) and the related articles (ranked once
        at the end, ``deferred_refresh``). Here: one save of the page (validated as Wagtail's publish validates
        it), one revision, one update of the revision fields. Live, has_unpublished_changes, first and last
        published, live and latest revision, and a scheduled page's go_live_at on the page and its revision's
        approved_go_live_at are what Wagtail sets (``tests/test_wordpress_speed.py`` compares both).
        """
        status = item.status
        self.status_lines(item, wp_type, moment)
        now = timezone.now()
        scheduled = status == "future" and moment is not None and moment > now
        live = status in ("publish", "private")
        page.live = live
        page.has_unpublished_changes = not live
        page.draft_title = page.title
        if scheduled:
            page.go_live_at = moment
        if live:
            page.first_published_at = moment or now
            page.last_published_at = moment or now
        add_child(parent, page)
        self.write_revision(page, live, moment if scheduled else None, now)
        if status == "private":
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        elif item.post_password:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password=item.post_password[:255]
            )
        if isinstance(page, ArticlePage):
            self.reranked.add(page.pk)

    def write_revision(self, page, live, approved_go_live_at, now):
        """The page's one new revision, latest (and live when published), as save_revision() and publish() set it."""

        content = page.serializable_data()
        revision = Revision.objects.create(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            user=self.user,
            approved_go_live_at=approved_go_live_at,
            content=content,
            object_str=str(page),
            created_at=now,
        )
        self.written_content = (page.pk, content)
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        if live:
            page.live_revision = revision
        elif page.live_revision_id is None:
            page.live_revision = None
        Page.objects.filter(pk=page.pk).update(
            latest_revision=revision,
            latest_revision_created_at=revision.created_at,
            live_revision=page.live_revision,
        )
        return revision

    def republish(self, item, wp_type, page, moment):
        """A newer WordPress version of a published post or page, published as ``publish()`` would, written directly;
        False (and nothing written) where Wagtail's own path is needed: aliases, workflows, a pending schedule."""
        now = timezone.now()
        if (
            item.status not in ("publish", "private")
            or (page.go_live_at is not None and page.go_live_at > now)
            or page.aliases.exists()
            or page.workflow_states.filter(status="in_progress").exists()
        ):
            return False
        self.status_lines(item, wp_type, moment)
        page.live = True
        page.has_unpublished_changes = False
        page.expired = False
        page.draft_title = page.title
        page.first_published_at = moment or page.first_published_at or now
        page.last_published_at = moment or now
        validate_page(page, slug_checked=True)  # as a publish validates; the slug is the page's own, unchanged
        page.save(clean=False)
        page.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
        self.write_revision(page, True, None, now)
        self.restrict(item, page)
        if isinstance(page, ArticlePage):
            self.reranked.add(page.pk)
        return True

    def restrict(self, item, page):
        restriction = None
        if item.status == "private":
            restriction = (PageViewRestriction.LOGIN, "")
        elif item.post_password:
            restriction = (PageViewRestriction.PASSWORD, item.post_password[:255])
        existing = PageViewRestriction.objects.filter(page=page)
        if restriction is None:
            existing.delete()
        else:
            existing.exclude(restriction_type=restriction[0], password=restriction[1]).delete()
            PageViewRestriction.objects.get_or_create(
                page=page, restriction_type=restriction[0], password=restriction[1]
            )

    def note_forward_link(self, href, key):
        """A link of the item being converted to a post or page not imported yet: pointed at it in ``link_forward``."""
        if self.dry_run:
            return
        self.forward_links.append((href, key))

    def link_forward(self):
        """Links to posts and pages later in the file become page links, now that those exist; the rest are
        reported as not found, as links outside the export are."""
        for pk, links in self.pages_linking_forward.items():
            replacements = {}
            for href, key in links:
                target = self.pages_by_wp.pk(key)
                if target is None:
                    self.report.line(
                        "warning",
                        key[0],
                        None,
                        _("Link to %(url)s not found among the imported content: kept as an address.")
                        % {"url": html.unescape(href)},
                    )
                    continue
                old = json.dumps(f'<a href="{href}">')[1:-1]
                replacements[old] = json.dumps(f'<a linktype="page" id="{target}">')[1:-1]
            if not replacements:
                continue
            try:
                with transaction.atomic():
                    self.relink_page(pk, replacements)
            except Exception as error:  # one failing page must not stop the import
                logger.exception("WordPress import: relinking page %s failed", pk)
                self.report.line("error", "page", pk, _("Could not be imported: %(error)s") % {"error": error})

    def relink_page(self, pk, replacements):

        def replaced(text):
            for old, new in replacements.items():
                text = text.replace(old, new)
            return text

        page = Page.objects.filter(pk=pk).first()
        if page is None:
            return
        page = page.specific
        body = json.dumps(list(page.body.raw_data))
        new_body = replaced(body)
        if new_body == body:
            return
        page.body = json.loads(new_body)
        page.save(update_fields=["body"] + (["stored_word_count"] if isinstance(page, ArticlePage) else []))
        for revision in {page.latest_revision, page.live_revision} - {None}:
            if isinstance(revision.content.get("body"), str):
                revision.content["body"] = replaced(revision.content["body"])
                revision.save(update_fields=["content"])
        row = WordPressObject.objects.filter(
            source_site=self.source, content_type=self.ct(type(page)), object_id=page.pk
        ).first()
        if row is not None:
            row.imported_hash = self.page_state(page)
            row.save(update_fields=["imported_hash"])

    def locale_for(self, language):
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise ValueError(_("The site has no language “%(language)s”.") % {"language": language})
        return locale

    def create_translation(self, item, original, language, fields, wp_type):
        """The translation of ``original`` through wagtail-localize (same translation key), with this item's text."""
        locale = self.locale_for(language)
        page = original.get_translation_or_none(locale)
        if page is None:
            parent = original.get_parent().specific.get_translation_or_none(locale)
            if parent is None:
                raise ValueError(
                    _("“%(title)s” has no translation into “%(language)s” to put the translation under.")
                    % {"title": original.get_parent().title, "language": language}
                )
            if isinstance(original, ArticlePage) and original.author_id:
                author = original.author
                if author.get_translation_or_none(locale) is None:
                    translate(author, locale, {"bio": author.bio} if author.bio else {})
            translated = {"title": fields["title"], "slug": self.unique_slug(parent, item, fields["title"], wp_type)}
            if "intro" in fields:
                translated["intro"] = fields["intro"]
            if [block["type"] for block in original.body.raw_data] == [block["type"] for block in fields["body"]]:
                translated["body"] = [(block["type"], block["value"]) for block in fields["body"]]
            try:
                page = translate(original, locale, translated, publish=False)
            except Exception:  # segments that do not line up: wagtail-localize fills them from the original
                source, _created = TranslationSource.update_or_create_from_instance(original)
                source.create_or_update_translation(locale, user=self.user, publish=False, fallback=True)
                page = original.get_translation(locale)
                self.report.line(
                    "info",
                    wp_type,
                    item.post_id,
                    _(
                        "The translation's structure differs from the original's; its text is on the page, not in the "
                        "translation editor's segments."
                    ),
                )
            page = type(original).objects.get(pk=page.pk)
        page.title = fields["title"]
        for name in ("intro", "body"):
            if name in fields:
                setattr(page, name, fields[name])
        page.save()
        return page

    def translate_snippet(self, term, language, source):
        """The translation of a category or tag into ``language`` (Polylang's term groups)."""
        wp_type = "category" if term.taxonomy == "category" else "tag"
        if source is None:
            self.report.line("warning", wp_type, term.slug, _("Its German original was not imported."))
            return None
        existing = self.mapping(wp_type, term.slug)
        if existing is not None and existing.target is not None:
            self.report.count(wp_type, "unchanged")
            return existing.target
        self.report.count(wp_type, "created")
        if self.dry_run or not source.pk:
            return None
        try:
            locale = self.locale_for(language)
            with transaction.atomic():
                obj = source.get_translation_or_none(locale)
                if obj is None:
                    fields = {"name": clean_title(term.name)[:80], "slug": (clean_slug(term.slug) or source.slug)[:80]}
                    if getattr(source, "description", ""):
                        fields["description"] = clean_title(term.description) or source.description
                    obj = translate(source, locale, fields)
                self.remember(wp_type, term.slug, obj, "", "")
        except Exception as error:  # one failing object must not stop the import
            logger.exception("WordPress import: translation of %s %s failed", wp_type, term.slug)
            self.report.line("error", wp_type, term.slug, _("Could not be imported: %(error)s") % {"error": error})
            return None
        return obj

    def parent_for(self, item, wp_type):
        if wp_type == "post":
            return self.blog_index
        parent = self.pages_by_wp.get(("page", item.post_parent)) if item.post_parent else None
        if parent is None and item.post_parent:
            mapped = self.mapping("page", item.post_parent)
            parent = mapped.target.specific if mapped and mapped.target else None
            if (
                parent is None
                and self.summaries.get(item.post_parent, Summary("", "", "", "", 0, "")).wp_type == "page"
            ):
                self.moves.append((item.post_id, item.post_parent))
        return parent or self.home

    def unique_slug(self, parent, item, title, wp_type):
        wanted = clean_slug(item.post_name) or clean_slug(title) or f"wordpress-{item.post_id}"
        taken = set(SIBLING_SLUGS.run(path=parent.path, depth=parent.depth + 1, slug=wanted))
        slug, number = wanted, 1
        while slug in taken:
            number += 1
            slug = f"{wanted}-{number}"
        if slug != wanted:
            self.report.line(
                "info",
                wp_type,
                item.post_id,
                _("The address “%(wanted)s” was taken; “%(slug)s” was used.") % {"wanted": wanted, "slug": slug},
            )
        return slug

    def status_lines(self, item, wp_type, moment):
        if item.status == "future" and (moment is None or moment <= timezone.now()):
            self.report.line(
                "warning", wp_type, item.post_id, _("Scheduled for a date already past; imported as a draft.")
            )

    def apply_status(self, item, wp_type, page, moment):
        status = item.status
        self.status_lines(item, wp_type, moment)
        if status == "future" and moment and moment > timezone.now():
            page.go_live_at = moment
            page.save_revision(user=self.user, log_action=False).publish(user=self.user, log_action=False)
            return
        if status in ("publish", "private"):
            revision = page.save_revision(user=self.user, log_action=False)
            revision.publish(user=self.user, log_action=False)
            if moment:
                type(page).objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
        else:
            if page.live:
                page.unpublish(log_action=False)
            page.save_revision(user=self.user, log_action=False)
        self.restrict(item, page)
        page.refresh_from_db()

    # -- comments -----------------------------------------------------------------------------------------------

    def import_comments(self, item, page):
        plain = content.plain_text
        comments = sorted(item.comments, key=lambda comment: comment.id)
        # Only comments this site's earlier runs (or this run) imported have a key: no query when none has.
        known = {}
        if any(("comment", str(c.id)) in self.known for c in comments):
            known = {
                int(row.wp_id): row
                for row in WordPressObject.objects.filter(
                    source_site=self.source, wp_type="comment", wp_id__in=[str(c.id) for c in comments]
                )
            }
        ours = {}  # wp comment id -> ReaderComment (new or existing)
        if known:
            existing = ReaderComment.objects.in_bulk([row.object_id for row in known.values()])
            for wp_id, row in known.items():
                if row.object_id in existing:
                    ours[wp_id] = existing[row.object_id]
        to_create = []
        for comment in comments:
            if comment.type in ("pingback", "trackback"):
                self.report.count("comment", f"skipped_{comment.type}")
                continue
            if comment.id in ours:
                self.report.count("comment", "unchanged")
                continue
            status = COMMENT_STATUSES.get(comment.approved)
            if status is None:
                status = ReaderComment.Status.PENDING
                self.report.line(
                    "warning",
                    "comment",
                    comment.id,
                    _("Unknown status “%(status)s”; held for moderation.") % {"status": comment.approved[:20]},
                )
            created = parse_wp_date(comment.date_gmt, gmt=True) or parse_wp_date(comment.date) or timezone.now()
            text = plain(comment.content)[:10_000]
            if not text:
                self.report.count("comment", "skipped_empty")
                continue
            url = comment.author_url if len(comment.author_url) <= 200 and comment.author_url.startswith("http") else ""
            to_create.append(
                (
                    comment,
                    ReaderComment(
                        article_id=page.pk if page is not None else None,
                        status=status,
                        name=(clean_title(comment.author) or _("Anonymous"))[:245],
                        email=comment.author_email[:100],
                        url=url,
                        text=text,
                        created_at=created,
                        moderated_at=created if status != ReaderComment.Status.PENDING else None,
                    ),
                )
            )
        if not to_create:
            return
        self.report.count("comment", "created", len(to_create))
        if self.dry_run:
            return
        # Parents first, level by level, so a reply can point at its parent's new primary key.
        pending = to_create
        created = []
        while pending:
            ready, waiting = [], []
            for comment, obj in pending:
                parent = ours.get(comment.parent) if comment.parent else None
                if comment.parent and parent is None and any(c.id == comment.parent for c, _o in pending):
                    waiting.append((comment, obj))
                    continue
                if comment.parent and parent is None:
                    self.report.line(
                        "info", "comment", comment.id, _("Its parent comment was not imported; it starts a thread.")
                    )
                obj.parent = parent
                obj.depth = parent.depth + 1 if parent is not None else 1
                ready.append((comment, obj))
            if not ready:  # a cycle of parents: break it
                ready, waiting = waiting, []
                for _comment, obj in ready:
                    obj.parent, obj.depth = None, 1
            ReaderComment.objects.bulk_create([obj for _c, obj in ready])
            for comment, obj in ready:
                ours[comment.id] = obj
            created.extend(ready)
            pending = waiting
        ct = self.ct(ReaderComment)
        WordPressObject.objects.bulk_create(
            [
                WordPressObject(
                    source_site=self.source,
                    wp_type="comment",
                    wp_id=str(comment.id),
                    content_type=ct,
                    object_id=obj.pk,
                    source_hash=stable_hash([comment.content, comment.approved]),
                    imported_hash=stable_hash([obj.text, obj.status]),
                )
                for comment, obj in created
            ]
        )
        self.known.update(("comment", str(comment.id)) for comment, _obj in created)

    # -- redirects ----------------------------------------------------------------------------------------------

    def redirect(self, path, page=None, route="", link=""):
        path = Redirect.normalise_path(path) if path else ""
        if not path or path == "/" or "?" in path:
            return
        if self.dry_run:
            self.report.count("redirect", "created")
            return
        fields = {
            "redirect_page_id": page.pk if page is not None else None,
            "redirect_page_route_path": route,
            "redirect_link": link,
            "is_permanent": True,
        }
        self.add_redirect(path, fields)

    def add_redirect(self, path, fields):
        if path in self.pending_redirects:
            self.report.count("redirect", "unchanged")
        self.pending_redirects[path] = fields
        if len(self.pending_redirects) >= REDIRECT_BATCH:
            self.save_redirects()

    def save_redirects(self):
        """The redirects collected so far, of several items, in two queries and a few updates, instead of two or
        three queries each. Outside an item they are a transaction of their own: should it fail, each is saved on its
        own and those that still fail are reported. A run that stops early has saved its items' redirects up to the
        last batch; its next run adds the others (every item's redirects are made again, changed or not)."""
        pending, self.pending_redirects = self.pending_redirects, {}
        if not pending:
            return
        try:
            with transaction.atomic():
                counts = self.write_redirects(pending)
            self.count_redirects(*counts)
        except Exception:
            if connection.in_atomic_block:
                raise  # inside an item: the item fails and is reported
            logger.exception("WordPress import: a batch of %s redirects failed; saving them one by one", len(pending))
            for path, fields in pending.items():
                try:
                    with transaction.atomic():
                        counts = self.write_redirects({path: fields})
                    self.count_redirects(*counts)
                except Exception as error:
                    logger.exception("WordPress import: redirect %s failed", path)
                    self.report.count("redirect", "failed")
                    self.report.line(
                        "error",
                        "redirect",
                        None,
                        _("The redirect from %(path)s could not be saved: %(error)s") % {"path": path, "error": error},
                    )

    def count_redirects(self, created, unchanged):
        if created:
            self.report.count("redirect", "created", created)
        if unchanged:
            self.report.count("redirect", "unchanged", unchanged)

    def write_redirects(self, pending):
        """Save these redirects: (created, unchanged)."""
        existing = {r.old_path: r for r in Redirect.objects.filter(site=self.site, old_path__in=list(pending))}
        new = []
        for path, defaults in pending.items():
            redirect = existing.get(path)
            if redirect is None:
                new.append(Redirect(old_path=path, site=self.site, **defaults))
                continue
            changed = [name for name, value in defaults.items() if getattr(redirect, name) != value]
            for name in changed:
                setattr(redirect, name, defaults[name])
            if changed:
                redirect.save()
        Redirect.objects.bulk_create(new)
        return len(new), len(pending) - len(new)

    def redirects(self, item, page):
        if not page.live and item.status != "future":
            return
        path = link_path(item.link)
        own = urllib.parse.urlsplit(page.get_url() or "").path
        if path and path != own:
            self.redirect(path, page)
            if isinstance(page, ArticlePage):
                self.redirect(path.rstrip("/") + "/feed/", page, route="/feed/")
        base = path.rstrip("/").rsplit("/", 1)[0] if path else ""
        for old in item.meta.get("_wp_old_slug", []):
            old = (old or "").strip()
            if old and not old.isdigit() and base is not None:
                self.redirect(link_path(f"{base}/{old}/"), page)

    def archive_redirects(self):
        index = self.blog_index
        site_path = urllib.parse.urlsplit(self.site_url).path.rstrip("/")
        words = {"category": "kategorie", "tag": "schlagwort", "author": "autor"}
        for (taxonomy, slug), obj in self.terms.items():
            if obj is None:
                continue
            kind = "category" if taxonomy == "category" else "tag"
            route = f"/{words[kind]}/{obj.slug}/"
            self.redirect(f"{site_path}/{kind}/{slug}/", index, route=route)
            self.redirect(f"{site_path}/{kind}/{slug}/feed/", index, route=route + "feed/")
        for login, author in self.authors.items():
            if author is None:
                continue
            route = f"/autor/{author.slug}/"
            login_slug = urllib.parse.quote(login.lstrip(">"))
            self.redirect(f"{site_path}/author/{login_slug}/", index, route=route)
            self.redirect(f"{site_path}/author/{login_slug}/feed/", index, route=route + "feed/")
        months = set()
        for summary in self.summaries.values():
            if summary.wp_type == "post" and summary.status == "publish" and summary.post_date[:4].isdigit():
                months.add((summary.post_date[:4], summary.post_date[5:7], summary.post_date[8:10]))
        for year, month, day in months:
            self.redirect(f"{site_path}/{year}/", index, route=f"/archiv/{year}/")
            self.redirect(f"{site_path}/{year}/{month}/", index, route=f"/archiv/{year}/{month}/")
            self.redirect(f"{site_path}/{year}/{month}/{day}/", index, route=f"/archiv/{year}/{month}/")
        self.redirect(f"{site_path}/feed/", index, route="/feed/")
        self.redirect(f"{site_path}/comments/feed/", index, route="/feed/")
        for wp_id, summary in self.summaries.items():
            if summary.wp_type != "attachment" or not summary.link:
                continue
            parent = self.pages_by_wp.get(("post", summary.parent)) or self.pages_by_wp.get(("page", summary.parent))
            image = self.images.get(wp_id)
            if parent is not None and parent.live:
                self.redirect(link_path(summary.link), parent)
            elif image is not None:
                self.redirect(link_path(summary.link), link=image.file.url)

    # -- end ----------------------------------------------------------------------------------------------------

    def finish(self):
        self.link_forward()
        for wp_id, parent_id in self.moves:
            page, parent = self.pages_by_wp.get(("page", wp_id)), self.pages_by_wp.get(("page", parent_id))
            if page is not None and parent is not None:
                page.move(parent, pos="last-child")
        self.archive_redirects()
        self.save_redirects()
        if self.sticky:
            home = home_model("HomePage").objects.get(pk=self.home.pk)
            featured = {link.article_id for link in home.featured_articles.all()}
            added = False
            for page in self.sticky:
                if page.pk in featured:
                    continue
                if len(featured) >= FEATURED_MAX:
                    self.report.line(
                        "warning",
                        "post",
                        None,
                        _("“%(title)s” is sticky, but the home page already features six articles.")
                        % {"title": page.title},
                    )
                    continue
                home.featured_articles.add(home_model("HomePageFeaturedArticle")(article=page))
                featured.add(page.pk)
                added = True
            if added:
                home.save_revision(user=self.user, log_action=False).publish(user=self.user, log_action=False)
