from django.db.models.signals import post_save
from django.dispatch import receiver

from .localization import relink_translations_of
from .models import ArticlePage, Category, ReaderComment, Tag


@receiver(post_save, sender=Category, dispatch_uid="blog_relink_category_translation")
@receiver(post_save, sender=Tag, dispatch_uid="blog_relink_tag_translation")
def relink_new_translation(sender, instance, created, raw=False, **kwargs):
    """A new translation of a category or tag replaces its original on the articles of its language."""
    if not created or raw:
        return
    field_name = "categories" if sender is Category else "tags"
    through = ArticlePage._meta.get_field(field_name).remote_field.through
    relink_translations_of(instance, through, "articlepage", sender._meta.model_name)


@receiver(post_save, sender=ReaderComment, dispatch_uid="blog_notify_comment_subscribers")
def notify_subscribers_of_approved_comment(sender, instance, raw=False, **kwargs):
    """A comment saved as approved (a known reader's, an editor's reply, an approval in the edit view) reaches the
    confirmed subscribers after the commit; bulk approvals call the same function (moderation.apply_status)."""
    if raw or instance.status != ReaderComment.Status.APPROVED or instance.subscribers_notified_at:
        return
    from .comments.subscriptions import notify_after_commit

    notify_after_commit([instance.pk])
