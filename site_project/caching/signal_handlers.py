"""Content changes that refresh the page cache and the render caches; connected by CachingConfig.ready()."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from .utils import _schedule, _setting, purge_all, purge_page


def _on_page_change(sender, instance, **kwargs):
    purge_page(instance)


def _on_page_delete(sender, instance, **kwargs):
    # The page itself no longer answers (Wagtail's frontend_cache purges it); its listings must refresh.
    purge_all()


def _page_foreign_key(model):
    from wagtail.models import Page

    for field in model._meta.concrete_fields:
        if field.is_relation and field.many_to_one and issubclass(field.related_model, Page):
            return field.attname
    return None


def _on_model_change(sender, instance, **kwargs):
    # The page id, not the page: deleting an article with 200 comments must not fetch it 200 times.
    attname = _page_foreign_key(sender)
    page_id = getattr(instance, attname, None) if attname else None
    _schedule(page_id)


def register_signal_handlers():
    from wagtail.models import Page

    page_published.connect(_on_page_change, dispatch_uid="pagecache_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_on_page_change, dispatch_uid="pagecache_moved")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(_on_page_delete, sender=model, dispatch_uid=f"pagecache_delete_{model._meta.label}")
    for label in _setting("PAGE_CACHE_PURGE_MODELS", ()):
        try:
            model = apps.get_model(label)
        except LookupError:
            # Optional models (e.g. reader comments) purge once their app exists.
            continue
        post_save.connect(_on_model_change, sender=model, dispatch_uid=f"pagecache_save_{label}")
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"pagecache_del_{label}")
