import datetime
import functools
import uuid

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from site_project import scheduling
from site_project.caching.utils import comments_tag
from site_project.caching.utils import tag as cache_tag
from site_project.pages import LINK_FIELDS
from site_project.pagination import paginate
from site_project.prepared import PreparedQuery
from site_project.routing import OneQueryChildRouteMixin, PreloadedViewRestrictionsMixin, not_private, private_q
from site_project.slugs import GermanSlugMixin

from ..blocks import BodyBlock, anchor_for
from ..choosers import SnippetNamesField, save_new_snippets
from ..comments.tree import comment_context
from ..feeds import ArticleCommentsAtomFeed, ArticleCommentsRssFeed
from ..localization import PAGE_TRANSLATABLE_FIELDS, attach_display_categories, localize, localized_terms
from ..reading_time import count_words, reading_minutes
from ..related import related_articles, stored_related_articles, with_relevance
from .archives import ArchiveRoutesMixin
from .comments import ReaderComment, with_comment_count


class ArticlePageQuerySet(PageQuerySet):
    """The article queries of listings, archives, feeds, search and the home page, each a fixed number of queries."""

    def for_cards(self):
        """Author, header image with its renditions and categories in a fixed number of queries; cards show
        ``approved_comment_count`` when ``with_comment_count()`` added it."""
        return self.select_related("author", "header_image").prefetch_related("header_image__renditions", "categories")

    def with_comment_count(self):
        """``approved_comment_count`` on each article: one subquery, so a listing costs no query per card."""
        return with_comment_count(self)

    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")

    def in_category(self, category):
        """Articles in ``category`` or one of its translations (a subquery on the indexed link table, no join)."""
        through = self.model._meta.get_field("categories").remote_field.through
        keyed = through.objects.filter(category__translation_key=category.translation_key)
        return self.filter(pk__in=keyed.values("articlepage_id"))

    def tagged(self, tag):
        through = self.model._meta.get_field("tags").remote_field.through
        return self.filter(
            pk__in=through.objects.filter(tag__translation_key=tag.translation_key).values("articlepage_id")
        )

    def by_author(self, author):
        return self.filter(author__translation_key=author.translation_key)

    def related_to(self, article):
        """``(articles, condition)``: the articles of ``article``'s language other than it and its translations,
        annotated with their ``relevance`` to it, and the condition that keeps those sharing a category or tag
        (blog/related.py ranks and stores them)."""
        others = self.filter(locale_id=article.locale_id).exclude(translation_key=article.translation_key)
        return with_relevance(others, article)


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePageForm(WagtailAdminPageForm):
    """Categories and tags as Wagtail's tag field: the editor types, picks a suggestion of the article's own language
    or, with the right to add them, makes a new one on the spot (blog/choosers.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        for name in ("categories", "tags"):
            if name not in self.fields:
                continue
            old = self.fields[name]
            queryset = old.queryset.filter(locale_id=locale_id) if locale_id else old.queryset
            model = queryset.model
            may_create = self.for_user is not None and self.for_user.has_perm(
                f"{model._meta.app_label}.add_{model._meta.model_name}"
            )
            self.fields[name] = SnippetNamesField(
                queryset,
                locale_id=locale_id,
                may_create=may_create,
                required=old.required,
                label=old.label,
                help_text=CHOOSER_HELP[name] if may_create else CHOOSER_HELP_NO_CREATE[name],
            )

    def save(self, commit=True):
        for name in ("categories", "tags"):
            save_new_snippets(self.cleaned_data.get(name) or [])
        return super().save(commit=commit)


CHOOSER_HELP = {
    "categories": _("Type to see matching categories; the Enter key or a comma adds a new one, made when you save."),
    "tags": _("Type to see matching tags; the Enter key or a comma adds a new one, made when you save."),
}
CHOOSER_HELP_NO_CREATE = {
    "categories": _("Type to see matching categories and pick one."),
    "tags": _("Type to see matching tags and pick one."),
}


class BlogIndexPage(ArchiveRoutesMixin, RoutablePageMixin, GermanSlugMixin, OneQueryChildRouteMixin, Page):
    """The article list of one language: newest first, paginated, with category, tag, author and date archives."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = scheduling.settings_panels()

    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    page_description = _("The list of all articles. Articles are created below it.")

    ARTICLES_PER_PAGE = 10

    class Meta:
        verbose_name = _("article list")
        verbose_name_plural = _("article lists")

    def get_articles(self):
        return ArticlePage.objects.live().public().child_of(self).for_cards().with_comment_count().newest_first()

    def paginate_articles(self, request, archive):
        # Cards show no body: its JSON is the largest column, and the reading time is stored.
        articles = paginate(request, archive.articles.defer_streamfields(), self.ARTICLES_PER_PAGE)
        attach_display_categories(articles.object_list, self.locale_id)
        return articles

    def get_context(self, request, *args, archive=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        archive = archive or self.all_articles_archive()
        context["archive"] = archive
        # Lazy: the template keeps the list in a cached fragment, and a hit reads no article.
        context["articles"] = SimpleLazyObject(lambda: self.paginate_articles(request, archive))
        context["feed_links"] = {
            "rss": self.archive_url(f"{archive.route_name}_rss", request, **archive.route_kwargs),
            "atom": self.archive_url(f"{archive.route_name}_atom", request, **archive.route_kwargs),
        }
        return context


class ArticlePage(RoutablePageMixin, GermanSlugMixin, PreloadedViewRestrictionsMixin, Page):
    """A blog article: teaser, header image, author, categories and a StreamField body."""

    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_(
            "Shown above the article and used for sorting. To publish it later, use “Set schedule” under “Status” "
            "in the side panel."
        ),
    )
    author = models.ForeignKey(
        "blog.Author",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    intro = models.TextField(
        _("teaser"),
        max_length=300,
        help_text=_("One or two sentences: shown in lists and used as the description for search engines."),
    )
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    header_image_alt = models.CharField(
        _("header image alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "Describes the header image for readers who cannot see it. Leave empty to use the image's own description."
        ),
    )
    categories = ParentalManyToManyField("blog.Category", verbose_name=_("categories"), blank=True)
    tags = ParentalManyToManyField("blog.Tag", verbose_name=_("tags"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    # Kept on save, so that a card's reading time needs neither the body nor a walk through its blocks.
    stored_word_count = models.PositiveIntegerField(default=0, editable=False)
    show_table_of_contents = models.BooleanField(
        _("show table of contents"),
        default=False,
        help_text=_("Lists the level-2 headings at the top of the article, linked to their sections."),
    )
    comments_enabled = models.BooleanField(
        _("allow comments"),
        default=True,
        help_text=_("Readers may comment on this article. Existing comments stay visible when this is off."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("categories"), FieldPanel("tags")],
            heading=_("Publication"),
        ),
        MultiFieldPanel([FieldPanel("header_image"), FieldPanel("header_image_alt")], heading=_("Header image")),
        FieldPanel("show_table_of_contents"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel(
                    "pinned_related",
                    label=_("Pinned related article"),
                    heading=_("Pinned related articles"),
                    help_text=_("Shown first under “You might also like”, in this order."),
                ),
                InlinePanel("excluded_related", label=_("Excluded article"), heading=_("Never suggest")),
            ],
            heading=_("Related articles"),
            classname="collapsed",
        ),
    ]
    settings_panels = scheduling.settings_panels(FieldPanel("comments_enabled"))

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    # Explicit, so that a new field is a decision: translated (a segment in wagtail-localize's editor) or
    # synchronised (copied from the German original on every sync). Not overridable: an English article has the same
    # date, picture, author and categories as its original; author and categories are swapped for their English
    # versions in save().
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("date", overridable=False),
        SynchronizedField("header_image", overridable=False),
        # The picture is the same, but its description is read out in the reader's language: a segment.
        TranslatableField("header_image_alt"),
        SynchronizedField("author", overridable=False),
        SynchronizedField("categories", overridable=False),
        SynchronizedField("tags", overridable=False),
        SynchronizedField("comments_enabled", overridable=False),
        # Pins and exclusions point at articles of the original language and are matched to the reader's language
        # by translation key, so translators need not repeat them.
        SynchronizedField("pinned_related", overridable=False),
        SynchronizedField("excluded_related", overridable=False),
        SynchronizedField("show_table_of_contents"),
        # Derived: save() counts each translation's own words again after the copy.
        SynchronizedField("stored_word_count", overridable=False),
    ]

    objects = ArticlePageManager()
    # Read with the article when site_project/routing.py routes to it: the picture and the head show it. Not the
    # author: loading one tags the render with it (site_project/caching), and the article's feed does not show it.
    route_select_related = ("header_image",)

    base_form_class = ArticlePageForm

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    page_description = _("A blog article with teaser, author, categories and body.")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Article lists, archives and the previous/next links go by date: with 10,000 articles, page 50 of the list
        # reads 500 rows of this index instead of sorting them all (55 ms to 11 ms on PostgreSQL).
        indexes = [models.Index(fields=["date", "page_ptr"], name="blog_article_date_idx")]

    @re_path(r"^feed/$", name="comments_rss")
    @re_path(r"^feed/atom/$", name="comments_atom")
    def comments_feed(self, request):
        name = request.routable_resolver_match.url_name
        feed_class = ArticleCommentsAtomFeed if name.endswith("_atom") else ArticleCommentsRssFeed
        return feed_class(article=self)(request)

    def get_feed_comments(self, limit):
        """The newest approved reader comments of this article, newest first, for its comments feed."""
        return list(
            ReaderComment.objects.approved()
            .filter(article=self)
            .only("pk", "name", "text", "created_at")
            .order_by("-created_at", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        form = kwargs.pop("comment_form", None)
        context = super().get_context(request, *args, **kwargs)
        context.update(comment_context(self, request, form=form))
        if self.pk and not getattr(request, "is_preview", False):
            self.load_author_and_header_image()
            if self.stored_word_count:
                # The live page's count, stored when it was published: its reading time and structured data need
                # no second walk through the body (a preview counts its unsaved text).
                self.__dict__.setdefault("word_count", self.stored_word_count)
        # Lazy: the template's cached fragment (render_cache_tags) needs none of them until the next content change.
        # Wagtail's public() looks the view restrictions up on every call; look them up once for the whole request.
        private = functools.cache(lambda: private_q(request))
        neighbours = SimpleLazyObject(lambda: list(self.get_neighbours()) if self.pk else [None, None])
        context["display_categories"] = SimpleLazyObject(
            lambda: localized_terms(self.terms("categories"), self.locale_id)
        )
        context["display_tags"] = SimpleLazyObject(lambda: localized_terms(self.terms("tags"), self.locale_id))
        context["table_of_contents"] = SimpleLazyObject(
            lambda: self.table_of_contents() if self.show_table_of_contents else []
        )
        # An unsaved article (the preview of a new one) has no neighbours or relations yet.
        context["previous_article"] = SimpleLazyObject(lambda: neighbours[0])
        context["next_article"] = SimpleLazyObject(lambda: neighbours[1])
        # A preview shows the editor's unsaved pins and exclusions; the live page reads the stored ranking.
        rank = related_articles if getattr(request, "is_preview", False) else stored_related_articles
        context["related_articles"] = SimpleLazyObject(lambda: rank(self, private=private()) if self.pk else [])
        return context

    def terms(self, name):
        """The article's categories or tags: from the database with a query compiled once per process, unless they
        are in memory (a preview's revision, prefetched)."""
        in_memory = name in getattr(self, "_cluster_related_objects", {}) or name in getattr(
            self, "_prefetched_objects_cache", {}
        )
        if not self.pk or in_memory:
            return getattr(self, name).all()
        return TERMS[name].run(article_pk=self.pk)

    def load_author_and_header_image(self):
        """Author and header image in one query instead of one each: the head and the byline show both.

        The image's renditions come along in a second one: the picture and the preview image for social networks
        (seo_tags) then find theirs without a query each.
        """
        names = [
            name
            for name in ("author", "header_image")
            if getattr(self, f"{name}_id") and not self._meta.get_field(name).is_cached(self)
        ]
        image_read = "header_image" not in names and self.header_image_id
        if image_read and "renditions" not in getattr(self.header_image, "_prefetched_objects_cache", {}):
            # Read with the page by the route (site_project/routing.py): only the renditions are missing.
            models.prefetch_related_objects([self.header_image], "renditions")
        if names == ["author"]:
            found = AUTHOR.run(pk=self.author_id)
            if found:
                self.author = found[0]
            return
        if len(names) < 2:
            return
        row = (
            ArticlePage.objects.filter(pk=self.pk)
            .select_related(*names)
            .prefetch_related("header_image__renditions")
            .only("pk", *names)
            .first()
        )
        for name in names:
            # The stored row may differ from this instance (a revision being shown): keep what it points at.
            if row is not None and getattr(row, f"{name}_id") == getattr(self, f"{name}_id"):
                setattr(self, name, getattr(row, name))

    @property
    def header_image_alt_text(self):
        """The article's own description of its header image, else the image's (the image library is German)."""
        if self.header_image_alt:
            return self.header_image_alt
        image = self.header_image
        if image is None:
            return ""
        return getattr(image, "default_alt_text", None) or image.title

    def table_of_contents(self):
        """The level-2 headings as (anchor, text) pairs, with the anchors the heading block renders."""
        return [
            (block.value.get("anchor") or anchor_for(block.value.get("text", "")), block.value.get("text", ""))
            for block in self.body
            if block.block_type == "heading" and block.value.get("level") == "h2"
        ]

    def get_neighbours(self):
        """The previous (older) and next (newer) published article of the same language, by date: one query."""
        if self.date is None or self.locale_id is None:
            return None, None
        found = {"older": None, "newer": None}
        for page in NEIGHBOURS.run(pk=self.pk, locale_id=self.locale_id, date=self.date):
            found["older" if (page.date, page.pk) < (self.date, self.pk) else "newer"] = page
        return found["older"], found["newer"]

    def save(self, *args, **kwargs):
        self.localize_relations()
        self.__dict__.pop("word_count", None)
        self.stored_word_count = self.word_count
        return super().save(*args, **kwargs)

    def localize_relations(self):
        """Swap author, categories and tags of another language for their translations in this page's language.

        wagtail-localize synchronises them by copying the German originals; a reader of the English article should
        see the English category names and author bio. An item not translated yet stays as it is.
        """
        if not self.locale_id:
            return
        if self.author_id and self.author.locale_id != self.locale_id:
            self.author = localize([self.author], self.locale_id)[0]
        for name in ("categories", "tags"):
            current = list(getattr(self, name).all())
            if any(item.locale_id != self.locale_id for item in current):
                setattr(self, name, list({item.pk: item for item in localize(current, self.locale_id)}.values()))

    @functools.cached_property
    def word_count(self):
        """The words of the article's text as the reader sees it: the teaser, the table of contents and the body
        (the element marked ``data-reading-text`` in the template, which the editor's checks panel counts too)."""
        # Searchable content is the body's text without markup, and it never fetches an embed.
        texts = [self.intro]
        if self.show_table_of_contents and (contents := self.table_of_contents()):
            texts += [gettext("Contents"), *(text for _anchor, text in contents)]
        for block in self.body:
            # A heading's searchable content also holds its level's label („Ebene 2 (Abschnitt)“), which no reader
            # sees.
            if block.block_type == "heading":
                texts.append(block.value.get("text", ""))
            else:
                texts += block.block.get_searchable_content(block.value)
            # ...and a table's leaves out its caption, which readers do see.
            if block.block_type == "table":
                texts.append(block.value.get("table_caption") or "")
        return sum(count_words(strip_tags(text)) for text in texts)

    @property
    def reading_time(self):
        # Cards load articles without their body: the count stored on save. A loaded body (the article itself, a
        # preview of unsaved changes) is counted as it is.
        deferred = "body" in self.get_deferred_fields()
        words = self.stored_word_count if deferred and self.stored_word_count else self.word_count
        # The language the page is rendered in: what its <html lang> says and so the rate the checks panel uses.
        return reading_minutes(words, get_language())

    def other_language_comment_counts(self):
        """The live translations of this article that have approved reader comments, with their counts.

        Comments belong to the page they were written on and are not translated; readers of one language are told
        where the discussion in the other happens. One query whatever the number of comments or translations.
        Returns a list of ``{"page", "language_code", "language_name", "count"}``.
        """
        if not self.pk:
            return []
        translations = TRANSLATIONS_WITH_COUNTS.run(pk=self.pk, translation_key=self.translation_key)
        # A translation's first approved comment adds the note: this page shows their counts, even when none.
        cache_tag(*(comments_tag(page.pk) for page in translations))
        return [
            {
                "page": page,
                "language_code": page.locale.language_code,
                "language_name": get_language_info(page.locale.language_code)["name_translated"],
                "count": page.approved_comment_count,
            }
            for page in translations
            if page.approved_comment_count
        ]


def _neighbours_query(pk, locale_id, date):
    """The article just older and the one just newer than (``date``, ``pk``) in its language, live and public."""
    siblings = ArticlePage.objects.live().filter(not_private()).filter(locale_id=locale_id).exclude(pk=pk)
    # The plain date bound lets the database walk the date index from this article instead of filtering it.
    older = siblings.filter(models.Q(date__lt=date) | models.Q(date=date, pk__lt=pk), date__lte=date)
    newer = siblings.filter(models.Q(date__gt=date) | models.Q(date=date, pk__gt=pk), date__gte=date)
    # Scalar subqueries: the database finds each neighbour on the date index once, then both by primary key
    # (an IN over the same subqueries made PostgreSQL filter every article).
    return ArticlePage.objects.filter(
        models.Q(pk=models.Subquery(older.order_by("-date", "-pk").values("pk")[:1]))
        | models.Q(pk=models.Subquery(newer.order_by("date", "pk").values("pk")[:1]))
    ).only("pk", "title", "url_path", "path", "depth", "locale_id", "date", "slug")


# Compiled once per process (site_project/prepared.py): run on every render of an article.
NEIGHBOURS = PreparedQuery(_neighbours_query, pk=int, locale_id=int, date=datetime.date)


def _terms_query(name):
    def build(article_pk):
        return ArticlePage._meta.get_field(name).related_model.objects.filter(articlepage=article_pk)

    return PreparedQuery(build, article_pk=int)


TERMS = {name: _terms_query(name) for name in ("categories", "tags")}


# The live translations of an article with their approved comment counts (other_language_comment_counts).
TRANSLATIONS_WITH_COUNTS = PreparedQuery(
    lambda pk, translation_key: with_comment_count(
        ArticlePage.objects.filter(translation_key=translation_key)
        .exclude(pk=pk)
        .live()
        .select_related("locale")
        .only(*LINK_FIELDS, "locale__language_code")
    ),
    pk=int,
    translation_key=uuid.UUID,
)

# The byline's author, when the route read the article with its header image (load_author_and_header_image).
AUTHOR = PreparedQuery(lambda pk: ArticlePage._meta.get_field("author").related_model.objects.filter(pk=pk), pk=int)
