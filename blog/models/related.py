"""Related articles as editors pin or exclude them, and the stored ranking of blog/related.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


def chosen_article():
    """The field of an editor's link to an article (related, featured): it goes with the article, no reverse name."""
    return models.ForeignKey("blog.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+")


class RelatedArticleLink(Orderable):
    page = chosen_article()

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        abstract = True


class PinnedRelatedArticle(RelatedArticleLink):
    """An article an editor always shows under "You might also like", before the computed ones."""

    article = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="pinned_related")

    class Meta(RelatedArticleLink.Meta):
        verbose_name = _("pinned related article")
        verbose_name_plural = _("pinned related articles")


class ExcludedRelatedArticle(RelatedArticleLink):
    """An article an editor never wants suggested under this one."""

    article = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="excluded_related")

    class Meta(RelatedArticleLink.Meta):
        verbose_name = _("excluded related article")
        verbose_name_plural = _("excluded related articles")


class StoredRelatedArticle(models.Model):
    """One place of an article's ranked related articles, kept from the last change instead of ranked per render.

    blog/related.py ranks an article when it or one of its neighbours is published, unpublished or deleted; a page
    render reads the stored ranking in one query and still checks ``live`` and the view restrictions, so a stored
    article that is no longer public is never shown (the next stored one takes its place).
    """

    article = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="stored_related")
    related = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="stored_as_related")
    position = models.PositiveSmallIntegerField()
    # What the ranking scored, so that a neighbour's change is compared without ranking every article again.
    relevance = models.IntegerField(default=0)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="blog_storedrelated_unique_position")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.position})"
