"""What each imported WordPress object became here, so that a later import updates instead of duplicating."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class WordPressObject(models.Model):
    """One WordPress object (post, page, attachment, term, author, comment) and the object it became.

    Keyed on the source site, the WordPress type and the WordPress id: GUIDs are not unique in real exports, and
    title plus date drops distinct posts. ``source_hash`` is the hash of what WordPress exported, ``imported_hash``
    the hash of the object as the import left it: a later run compares the object's current state with it to tell
    an editor's change from its own.
    """

    source_site = models.CharField(_("WordPress site"), max_length=255)
    wp_type = models.CharField(_("WordPress type"), max_length=40)
    wp_id = models.CharField(_("WordPress id"), max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    source_hash = models.CharField(max_length=64, blank=True)
    imported_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [
            models.UniqueConstraint(fields=["source_site", "wp_type", "wp_id"], name="unique_wordpress_object"),
        ]

    def __str__(self):
        return f"{self.source_site} {self.wp_type} {self.wp_id}"

    @property
    def target(self):
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()  # cached: no query
        return model._default_manager.filter(pk=self.object_id).first() if model else None
