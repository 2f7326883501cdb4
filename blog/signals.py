from django.db.models.signals import post_save
from django.dispatch import receiver

from .localization import relink_translations_of
from .models import ArticlePage, Category, Tag


@receiver(post_save, sender=Category, dispatch_uid="blog_relink_category_translation")
@receiver(post_save, sender=Tag, dispatch_uid="blog_relink_tag_translation")
def relink_new_translation(sender, instance, created, raw=False, **kwargs):
    """A new translation of a category or tag replaces its original on the articles of its language."""
    if not created or raw:
        return
    field_name = "categories" if sender is Category else "tags"
    through = ArticlePage._meta.get_field(field_name).remote_field.through
    relink_translations_of(instance, through, "articlepage", sender._meta.model_name)
