import math

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ArticleBodyBlock
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


class BlogIndexPage(Page):
    """The article list of one language: newest first, paginated."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]

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

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    page_description = _("A blog article with teaser, author, categories and body.")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

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

    def get_context(self, request, *args, **kwargs):
        from ..comments.tree import comment_context

        form = kwargs.pop("comment_form", None)
        context = super().get_context(request, *args, **kwargs)
        context.update(comment_context(self, request, form=form))
        return context
