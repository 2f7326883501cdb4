"""Render caches: what a page render needs that does not depend on the reader, kept between requests.

The page cache (middleware.py) answers anonymous readers with whole pages. Everyone else (a reader with a session,
a commenter whose comment is held, an editor looking at the live site, or any request after a content change) has
the page rendered. These caches make that render cheap, and carry cache tags like the page cache (utils.py), so
that a change makes exactly the entries that show it stale, on every app server:

- ``RouteCacheMiddleware`` (middleware.py): the site and the page a URL leads to, with the page's view
  restrictions. Wagtail's router walks the page tree with two queries per URL segment, and its view-restriction
  check reads the page's ancestors and their restrictions; a cached route costs none (the page is kept without its
  StreamFields, which only a fragment's miss reads). Wagtail's own checks still run on every request, on the kept
  values: each restriction's ``accept_request()`` (password, login, groups) and the page's ``live`` check in
  ``route()``. Adding or removing a restriction purges the tree below it.
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

from .utils import cached_entries, collect_tags, current_state, is_enabled, keep, tag

logger = logging.getLogger(__name__)

MISSING = object()
# Part of every key: a release that changes what is stored under a key raises it.
FORMAT = 4


def timeout():
    return settings.RENDER_CACHE_TIMEOUT


def key_for(kind, *parts):
    """A cache key; what is stored under it is fresh until a purge of one of its tags."""
    raw = "|".join(str(part) for part in parts)
    return f"render:{FORMAT}:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


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


def store(key, value, tags=(), state=None):
    """Keep ``value`` with its ``tags``; ``state`` is ``current_state()`` as read before ``value`` was computed."""
    keep(key, value, timeout(), tags, current_state() if state is None else state)


def cached(request, kind, parts, compute):
    """``compute()``, or its value from the cache. ``parts`` say what the value depends on; the tags recorded
    while computing it are kept with it and recorded again on every hit."""
    if not usable(request):
        return compute()
    key = key_for(kind, *parts)
    state = current_state()
    entry = get(key, MISSING)
    if entry is not MISSING:
        value, tags = entry
        tag(*tags)
        return value
    # Shared by every page that asks (not keyed by path): only what it shows itself, not the page's own tags.
    with collect_tags() as tags:
        value = compute()
    store(key, (value, tags), tags, state)
    return value
