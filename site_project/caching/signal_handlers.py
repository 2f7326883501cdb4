"""Which content change refreshes what: each handler purges the cache tags of what the change touches.

- A page published: what shows it (``page-<id>``: its view, the lists, links and feeds that show it). When what
  decides where it is listed changed (first publish, again live, date, author, categories, tags), also the lists
  of its language and the pages a ``page_cache_purge_tags`` hook names (the articles whose related or
  previous/next links will show it).
- A page unpublished, moved or deleted: what shows it, the lists of its language and everything below it.
- A view restriction added, changed or removed: everything below its page.
- A reader comment: only when it is, or was, approved (a held, spam or trashed comment changes nothing a reader
  sees): that article, its comment feed, the site-wide comment feeds and the lists showing its comment count.
- An author, category or tag (``PAGE_CACHE_TAGGED_MODELS``): what shows it, i.e. every render that loaded it (its
  archive, the articles, cards and feeds showing it). A new translation also refreshes what shows the other
  languages' versions, which it may replace there.
- Any model in ``PAGE_CACHE_PURGE_MODELS`` (settings, site, snippets every page may show): everything.
"""

import json

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_delete, post_init, post_save

from wagtail import hooks
from wagtail.contrib.frontend_cache import signal_handlers as wagtail_frontend_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageLogEntry, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .utils import (
    list_tag,
    page_tag,
    purge,
    purge_all,
    purge_comments,
    purge_page,
    snippet_tag,
    tag_instances_when_loaded,
    tree_tag,
    view_tag,
)

PURGE_TAGS_HOOK = "page_cache_purge_tags"


def _language(page):
    return page.locale.language_code


def _lists_changed(page, revision):
    """Whether the publish changes which lists show the page or where: compared with the previously published
    revision (Wagtail's log of publishes)."""
    if revision is None:
        return True
    if not revision.content.get("live", True):
        # The page was not live when this revision was saved: it is back in the lists.
        return True
    previous = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=revision.pk)
        .order_by("-timestamp", "-pk")
        .select_related("revision")
        .first()
    )
    if previous is None:
        return True
    fields = settings.PAGE_CACHE_LIST_FIELDS

    # As stored (JSON): the revision just saved may still hold Python values such as dates.
    def stored(content, name):
        return json.dumps(content.get(name), cls=DjangoJSONEncoder, sort_keys=True)

    return any(stored(previous.revision.content, name) != stored(revision.content, name) for name in fields)


def _on_published(sender, instance, revision=None, **kwargs):
    tags = {page_tag(instance.pk), view_tag(instance.pk)}
    if _lists_changed(instance, revision):
        tags.add(list_tag(_language(instance)))
        for hook in hooks.get_hooks(PURGE_TAGS_HOOK):
            tags.update(hook(instance) or ())
    purge(*tags, page_ids=[instance.pk])


def _gone_tags(instance):
    return {page_tag(instance.pk), view_tag(instance.pk), tree_tag(instance.path), list_tag(_language(instance))}


def _on_unpublished(sender, instance, **kwargs):
    purge(*_gone_tags(instance), page_ids=[instance.pk])


def _on_move(sender, instance, **kwargs):
    # Before the move: entries below the page carry its old tree path. After: its new place's lists.
    purge(*_gone_tags(instance), page_ids=[instance.pk])


def _on_page_delete(sender, instance, **kwargs):
    parent = Page.objects.filter(path=instance.path[: -instance.steplen]).only("pk").first()
    purge(*_gone_tags(instance), page_ids=[parent.pk] if parent else [])


def _on_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("pk", "path").first()
    if page is not None:
        purge(tree_tag(page.path), page_tag(page.pk), page_ids=[page.pk])


def _remember_comment_status(sender, instance, **kwargs):
    # As loaded, without a query (and without loading a deferred field): whether an edit changes what readers see.
    instance._status_before = instance.__dict__.get("status") if instance.pk is not None else None


def _on_comment_change(sender, instance, **kwargs):
    approved = sender.Status.APPROVED
    if approved in (instance.status, getattr(instance, "_status_before", None)):
        purge_comments(instance.article_id)
    instance._status_before = instance.status


def _on_snippet_change(sender, instance, created=False, **kwargs):
    tags = {snippet_tag(sender, instance.pk)}
    translation_key = getattr(instance, "translation_key", None)
    if created and translation_key is not None:
        # Pages of its language showed another language's version until now (blog.signals relinks them).
        others = sender._default_manager.filter(translation_key=translation_key).exclude(pk=instance.pk)
        tags.update(snippet_tag(sender, pk) for pk in others.values_list("pk", flat=True))
    purge(*tags)


def _on_model_change(sender, instance, created=False, **kwargs):
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        # Made with its defaults on first use (while a page renders): nothing a reader sees changes.
        return
    purge_all()


def register_signal_handlers():
    page_published.connect(_on_published, dispatch_uid="pagecache_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="pagecache_unpublished")
    pre_page_move.connect(_on_move, dispatch_uid="pagecache_before_move")
    post_page_move.connect(_on_move, dispatch_uid="pagecache_moved")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(_on_page_delete, sender=model, dispatch_uid=f"pagecache_delete_{model._meta.label}")
            # Our purge asks the frontend cache too, each URL once: Wagtail's own handlers would purge the page a
            # second time.
            page_published.disconnect(wagtail_frontend_cache.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(wagtail_frontend_cache.page_unpublished_signal_handler, sender=model)
    post_save.connect(_on_restriction_change, sender=PageViewRestriction, dispatch_uid="pagecache_restriction")
    post_delete.connect(_on_restriction_change, sender=PageViewRestriction, dispatch_uid="pagecache_restriction_del")
    try:
        comment = apps.get_model(settings.PAGE_CACHE_COMMENT_MODEL)
    except LookupError:
        comment = None
    if comment is not None:
        post_init.connect(_remember_comment_status, sender=comment, dispatch_uid="pagecache_comment_loaded")
        post_save.connect(_on_comment_change, sender=comment, dispatch_uid="pagecache_comment_save")
        post_delete.connect(_on_comment_change, sender=comment, dispatch_uid="pagecache_comment_delete")
    for label in settings.PAGE_CACHE_TAGGED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        tag_instances_when_loaded(model)
        post_save.connect(_on_snippet_change, sender=model, dispatch_uid=f"pagecache_snippet_save_{label}")
        post_delete.connect(_on_snippet_change, sender=model, dispatch_uid=f"pagecache_snippet_del_{label}")
    for label in settings.PAGE_CACHE_PURGE_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            # Optional models purge once their app exists.
            continue
        post_save.connect(_on_model_change, sender=model, dispatch_uid=f"pagecache_save_{label}")
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"pagecache_del_{label}")


__all__ = ["purge_page", "register_signal_handlers"]
