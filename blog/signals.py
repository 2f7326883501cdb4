import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .comments.subscriptions import notify_after_commit
from .localization import relink_translations_of
from .models import ArticlePage, Category, ReaderComment, StoredRelatedArticle, Tag
from .related import refresh_after_change, store_ranking

logger = logging.getLogger(__name__)


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
    notify_after_commit([instance.pk])


@receiver(page_published, dispatch_uid="blog_related_published")
def rerank_after_publish(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        refresh_after_change(instance)


@receiver(page_unpublished, dispatch_uid="blog_related_unpublished")
def rerank_after_unpublish(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        refresh_after_change(instance, rerank_itself=False)


@receiver(pre_delete, sender=ArticlePage, dispatch_uid="blog_related_pre_delete")
def remember_rankings_showing(sender, instance, **kwargs):
    """The articles storing a deleted one lose a place (the rows go with it): rank them again once it is gone."""
    affected = set(StoredRelatedArticle.objects.filter(related_id=instance.pk).values_list("article_id", flat=True))
    if affected:
        transaction.on_commit(lambda: _rerank_remaining(affected))


def _rerank_remaining(pks):
    for article in ArticlePage.objects.filter(pk__in=pks).live().defer_streamfields():
        try:
            store_ranking(article)
        except Exception:
            logger.exception("Could not store the related articles of page %s", article.pk)
