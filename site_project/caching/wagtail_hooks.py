from django.conf import settings
from django.utils import translation

from wagtail import hooks

from .utils import list_tag, served_page_tags, tag


@hooks.register("before_serve_page")
def tag_the_served_page(page, request, serve_args, serve_kwargs):
    """A page's own view (and its sub-URLs: an article's comment feed, an article list's archives) carries the page's
    tags; the pages that list articles also carry the lists' tag of their language."""
    tags = served_page_tags(page)
    if page._meta.label in settings.PAGE_CACHE_LISTING_PAGE_TYPES:
        tags.add(list_tag(translation.get_language()))
    # Also for the fragments and values cached during this render: they are part of this page.
    request._page_cache_base_tags = tags
    tag(*tags)
