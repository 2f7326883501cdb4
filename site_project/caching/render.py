"""Render caches: what a page render needs that does not depend on the reader, kept between requests.

The page cache (middleware.py) answers anonymous readers with whole pages. Everyone else (a reader with a session,
a commenter whose comment is held, an editor looking at the live site, or any request after a content change) has
the page rendered. These caches make that render cheap, and share the page cache's generation, so that every
publish, unpublish, move, delete or comment moderation makes all of them stale at once, on every app server:

- ``RouteCacheMiddleware`` (middleware.py): the site and the page a URL leads to, with the page's view
  restrictions. Wagtail's router walks the page tree with two queries per URL segment, and its view-restriction
  check reads the page's ancestors and their restrictions; a cached route costs none (the page is kept without its
  StreamFields, which only a fragment's miss reads). Wagtail's own checks still run on every request, on the kept
  values: each restriction's ``accept_request()`` (password, login, groups) and the page's ``live`` check in
  ``route()``. Adding or removing a restriction changes the generation (``PAGE_CACHE_PURGE_MODELS``).
- ``cached(...)``: small values computed from the database, such as the header and footer links
  (home/context_processors.py).
- ``{% cached_fragment %}`` (templatetags/render_cache_tags.py): the reader-independent parts of a template.
  Whatever the template computes lazily inside the fragment (related articles, neighbours, the rendered body) costs
  nothing on a hit.

Never for previews (they render drafts) or when ``PAGE_CACHE_ENABLED`` is off. A cache outage costs speed, not
pages: the Redis backend answers misses while Redis is down.
"""

import hashlib
import logging

from django.conf import settings

from .utils import cached_entries, get_generation, is_enabled, keep

logger = logging.getLogger(__name__)

MISSING = object()
# Part of every key: a release that changes what is stored under a key raises it.
FORMAT = 3


def timeout():
    return getattr(settings, "RENDER_CACHE_TIMEOUT", 6 * 3600)


def key_for(kind, *parts):
    """A cache key of this generation: stale as soon as any content changes."""
    raw = "|".join(str(part) for part in parts)
    return f"render:{FORMAT}:{get_generation()}:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def usable(request):
    """Whether render caches may be used for this request: not for previews, and not for signed-in editors, who
    always see the live site freshly rendered."""
    if not is_enabled() or request is None or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def get(key, default=None):
    return cached_entries([key]).get(key, default)


def store(key, value):
    keep(key, value, timeout())


def cached(request, kind, parts, compute):
    """``compute()``, or its value from this generation's cache. ``parts`` say what the value depends on."""
    if not usable(request):
        return compute()
    key = key_for(kind, *parts)
    value = get(key, MISSING)
    if value is MISSING:
        value = compute()
        store(key, value)
    return value
