from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from blog.blocks import BodyBlock
from blog.localization import PAGE_TRANSLATABLE_FIELDS, attach_display_categories
from blog.models import ArticlePage, BlogIndexPage, Category
from blog.models.related import chosen_article
from site_project import scheduling
from site_project.routing import OneQueryChildRouteMixin
from site_project.slugs import GermanSlugMixin


class HomePage(GermanSlugMixin, OneQueryChildRouteMixin, Page):
    """The start page of one language: tagline and the latest articles."""

    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the site name in the header of every page."),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("intro"),
        InlinePanel(
            "featured_articles",
            label=_("Featured article"),
            heading=_("Featured articles"),
            help_text=_("Shown first on the start page, in this order. The latest articles follow."),
            max_num=6,
        ),
    ]
    settings_panels = scheduling.settings_panels()
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("tagline"),
        TranslatableField("intro"),
        # Featured articles are chosen once; each language shows its own translation of them.
        SynchronizedField("featured_articles", overridable=False),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "home.StandardPage"]
    page_description = _("The start page of a language. Each language has exactly one.")

    LATEST_ARTICLES = 6

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template keeps them in a cached fragment, and a hit reads none of them.
        cards = SimpleLazyObject(self.article_cards)
        context["featured_articles"] = SimpleLazyObject(lambda: cards["featured"])
        context["latest_articles"] = SimpleLazyObject(lambda: cards["latest"])
        context["categories"] = SimpleLazyObject(self.categories_with_articles)
        context["blog_index"] = SimpleLazyObject(lambda: BlogIndexPage.objects.child_of(self).live().first())
        return context

    def categories_with_articles(self):
        """This language's categories that lead somewhere: each has a live article below this home page. In one
        query; a category whose articles are not translated yet would lead English readers to an empty archive."""
        # live() only: public() would look the view restrictions up once more for the whole page. One EXISTS per
        # category stops at its first live article; joining every article's categories and removing the duplicates
        # read all 13,000 links of the scale data (14 ms against 0.9 on PostgreSQL).
        articles = ArticlePage.objects.live().descendant_of(self).filter(categories=OuterRef("pk"))
        return list(Category.objects.filter(locale_id=self.locale_id).filter(Exists(articles)).order_by("name"))

    def article_cards(self):
        """The featured articles in the editors' order, then the latest others, newest first."""
        # Cards show no body: its JSON is the largest column, and the reading time is stored.
        articles = ArticlePage.objects.live().public().descendant_of(self).defer_streamfields().for_cards()
        featured_keys = HomePageFeaturedArticle.objects.filter(page__translation_key=self.translation_key).values(
            "article__translation_key"
        )
        featured = list(
            articles.filter(translation_key__in=featured_keys)
            .with_comment_count()
            .annotate(
                feature_order=Subquery(
                    HomePageFeaturedArticle.objects.filter(
                        page__translation_key=self.translation_key,
                        article__translation_key=OuterRef("translation_key"),
                    )
                    .order_by("sort_order")
                    .values("sort_order")[:1]
                )
            )
            .order_by("feature_order", "-date")
        )
        latest = list(
            articles.exclude(translation_key__in=featured_keys)
            .with_comment_count()
            .newest_first()[: self.LATEST_ARTICLES]
        )
        attach_display_categories(featured + latest, self.locale_id)
        return {"featured": featured, "latest": latest}


class HomePageFeaturedArticle(Orderable):
    """An article the editors feature at the top of the start page."""

    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="featured_articles")
    article = chosen_article()

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured article")
        verbose_name_plural = _("featured articles")


class StandardPage(GermanSlugMixin, OneQueryChildRouteMixin, Page):
    """A plain content page such as the Impressum or the Datenschutzerklärung."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    settings_panels = scheduling.settings_panels()
    search_fields = Page.search_fields + [index.SearchField("body")]

    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    page_description = _("A plain page with text, e.g. Impressum or privacy policy.")

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


@register_setting(icon="link")
class LegalPages(BaseSiteSetting):
    """The Impressum and privacy policy linked in every page's footer and beside the comment form."""

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("imprint_page"), FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("legal pages")
