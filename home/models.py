from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from blog.blocks import ArticleBodyBlock
from blog.localization import PAGE_TRANSLATABLE_FIELDS
from blog.models import ArticlePage, BlogIndexPage, with_comment_count


class HomePage(Page):
    """The start page of one language: tagline and the latest articles."""

    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the site name in the header of every page."),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro")]

    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("tagline"), TranslatableField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "home.StandardPage"]
    page_description = _("The start page of a language. Each language has exactly one.")

    LATEST_ARTICLES = 6

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = with_comment_count(
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("author", "header_image")
            .prefetch_related("categories")
            .order_by("-date", "-first_published_at", "-pk")
        )[: self.LATEST_ARTICLES]
        context["blog_index"] = self.get_children().live().type(BlogIndexPage).first()
        return context


class StandardPage(Page):
    """A plain content page such as the Impressum or the Datenschutzerklärung."""

    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
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
