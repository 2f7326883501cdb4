import math

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import ArticleBodyBlock
from ..localization import PAGE_TRANSLATABLE_FIELDS, localized_instances
from .comments import with_comment_count

WORDS_PER_MINUTE = 200


def paginate(request, queryset, per_page):
    """Return the requested page; a bad or out-of-range ``?page=`` falls back to the nearest real page."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        try:
            requested = int(number)
        except (TypeError, ValueError):
            requested = 1
        return paginator.page(paginator.num_pages if requested > 1 else 1)


class ArticlePageForm(WagtailAdminPageForm):
    """Offers only the categories and tags of the article's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id:
            for name in ("categories", "tags"):
                if name in self.fields:
                    self.fields[name].queryset = self.fields[name].queryset.filter(locale_id=locale_id)


class BlogIndexPage(Page):
    """The article list of one language: newest first, paginated."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    page_description = _("The list of all articles. Articles are created below it.")

    ARTICLES_PER_PAGE = 10

    class Meta:
        verbose_name = _("article list")
        verbose_name_plural = _("article lists")

    def get_articles(self):
        return with_comment_count(
            ArticlePage.objects.live()
            .public()
            .child_of(self)
            .select_related("author", "header_image")
            .prefetch_related("categories")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.get_articles(), self.ARTICLES_PER_PAGE)
        return context


class ArticlePage(Page):
    """A blog article: teaser, header image, author, categories and a StreamField body."""

    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("Shown above the article and used for sorting. To schedule, use “Go-live date” in Settings."),
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
    categories = ParentalManyToManyField("blog.Category", verbose_name=_("categories"), blank=True)
    tags = ParentalManyToManyField("blog.Tag", verbose_name=_("tags"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
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
        FieldPanel("header_image"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_enabled")]

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
        SynchronizedField("author", overridable=False),
        SynchronizedField("categories", overridable=False),
        SynchronizedField("tags", overridable=False),
        SynchronizedField("comments_enabled", overridable=False),
    ]

    base_form_class = ArticlePageForm

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    page_description = _("A blog article with teaser, author, categories and body.")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def save(self, *args, **kwargs):
        self.localize_relations()
        return super().save(*args, **kwargs)

    def localize_relations(self):
        """Swap author, categories and tags of another language for their translations in this page's language.

        wagtail-localize synchronises them by copying the German originals; a reader of the English article should
        see the English category names and author bio. An item not translated yet stays as it is.
        """
        if not self.locale_id:
            return
        if self.author_id and self.author.locale_id != self.locale_id:
            self.author = localized_instances([self.author], self.locale_id)[0]
        for name in ("categories", "tags"):
            current = list(getattr(self, name).all())
            if any(item.locale_id != self.locale_id for item in current):
                setattr(self, name, localized_instances(current, self.locale_id))

    @property
    def word_count(self):
        # Searchable content is the body's text without markup, and it never fetches an embed.
        texts = [self.intro, *self.body.stream_block.get_searchable_content(self.body)]
        return sum(len(strip_tags(text).split()) for text in texts)

    @property
    def reading_time(self):
        """Minutes at 200 words a minute, at least one."""
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    def get_meta_description(self):
        return self.search_description or self.intro

    def other_language_comment_counts(self):
        """The live translations of this article that have approved reader comments, with their counts.

        Comments belong to the page they were written on and are not translated; readers of one language are told
        where the discussion in the other happens. One query whatever the number of comments or translations.
        Returns a list of ``{"page", "language_code", "language_name", "count"}``.
        """
        if not self.pk:
            return []
        translations = with_comment_count(self.get_translations().live().select_related("locale").defer_streamfields())
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

    def get_context(self, request, *args, **kwargs):
        from ..comments.tree import comment_context

        form = kwargs.pop("comment_form", None)
        context = super().get_context(request, *args, **kwargs)
        context.update(comment_context(self, request, form=form))
        return context
