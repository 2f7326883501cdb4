from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import anchor_for


class Author(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=_("Used in the address of the author's article list. Made from the name if left empty."),
    )
    bio = models.TextField(_("short biography"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("photo")]
    # A person's name is the same in every language: synchronised, but a translator may override it (e.g. for a
    # transliteration). The biography is translated.
    translatable_fields = [
        SynchronizedField("name"),
        SynchronizedField("slug"),
        TranslatableField("bio"),
        SynchronizedField("photo", overridable=False),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        indexes = [models.Index(fields=["locale", "slug"], name="blog_author_locale_slug")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_author_slug(self)
        super().save(*args, **kwargs)


def unique_author_slug(author):
    """A slug from the name, made unique among the authors of the same language with a numeric suffix."""
    base = anchor_for(author.name)[:110] or "autor"
    taken = set(
        Author.objects.filter(locale_id=author.locale_id, slug__startswith=base)
        .exclude(pk=author.pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class Term(TranslatableMixin, index.Indexed, models.Model):
    """A name articles are grouped by (category, tag): translated, with its slug, unique per language."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), TranslatableField("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_%(class)s_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class Category(Term):
    description = models.TextField(_("description"), blank=True, max_length=1000)

    panels = Term.panels + [FieldPanel("description")]
    translatable_fields = Term.translatable_fields + [TranslatableField("description")]

    class Meta(Term.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Tag(Term):
    """A keyword for articles; a snippet rather than a django-taggit tag, so that translators can translate it."""

    class Meta(Term.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
