"""Render caches: what a page render needs that does not depend on the reader, kept between requests.

The page cache (home/cache.py) answers anonymous readers with whole pages. Everyone else (a reader with a session,
a commenter whose comment is held, an editor looking at the live site, or any request after a content change) has
the page rendered. These caches make that render cheap, and share the page cache's generation, so that every
publish, unpublish, move, delete or comment moderation makes all of them stale at once, on every app server:

- ``RouteCacheMiddleware``: the site and the page a URL leads to, with the page's view restrictions. Wagtail's
  router walks the page tree with two queries per URL segment, and its view-restriction check reads the page's
  ancestors and their restrictions; a cached route costs none (the page is kept without its StreamFields, which
  only a fragment's miss reads). Wagtail's own checks still run on every request, on the kept values: each
  restriction's ``accept_request()`` (password, login, groups) and the page's ``live`` check in ``route()``.
  Adding or removing a restriction changes the generation (``PAGE_CACHE_PURGE_MODELS``).
- ``cached(...)``: small values computed from the database, such as the header and footer links
  (home/context_processors.py).
- ``{% cached_fragment %}`` (home/templatetags/render_cache_tags.py): the reader-independent parts of a template.
  Whatever the template computes lazily inside the fragment (related articles, neighbours, the rendered body) costs
  nothing on a hit.

Never for previews (they render drafts) or when ``PAGE_CACHE_ENABLED`` is off. A cache outage costs speed, not
pages: the Redis backend answers misses while Redis is down.
"""

import hashlib
import logging
import pickle

from django.conf import settings
from django.http import Http404

from wagtail import views as wagtail_views
from wagtail.models import Site

from .cache import cached_entries, get_generation, is_enabled, keep

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


class RouteCacheMiddleware:
    """Remember which site and page each URL leads to; see the module docstring.

    On a hit the view gets the page through ``request._wagtail_route_for_request`` and the site through
    ``request._wagtail_site``, the attributes in which Wagtail itself keeps them for the rest of the request. The
    page answers ``get_view_restrictions()``, which Wagtail's ``check_view_restrictions`` hook asks before serving,
    with the restrictions kept with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, "_route_cache_pending", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if pending is not None and route is not None and response.status_code == 200:
            route_key, components = pending
            page = route[0]
            consumed = page.depth - Site.find_for_request(request).root_page.depth
            if 0 <= consumed <= len(components):
                # A clean copy without its StreamFields: only a cached fragment's miss reads the body, and the
                # page as rendered carries this request's state.
                snapshot = type(page).objects.defer_streamfields().filter(pk=page.pk).first()
                if snapshot is not None:
                    restrictions = list(snapshot.get_view_restrictions())
                    store(route_key, (consumed, pickle.dumps((snapshot, restrictions), pickle.HIGHEST_PROTOCOL)))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not usable(request):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        site_key = key_for("site", request._get_raw_host(), request.get_port())
        route_key = key_for("route", site_key, getattr(request, "LANGUAGE_CODE", ""), "/".join(components))
        entries = cached_entries([site_key, route_key])
        site = entries.get(site_key, MISSING)
        if site is MISSING:
            site = Site.find_for_request(request)
            store(site_key, site)
        request._wagtail_site = site
        route = entries.get(route_key)
        if site is None:
            return None
        if route is None:
            request._route_cache_pending = (route_key, components)
            return None
        try:
            consumed, snapshot = route
            page, restrictions = pickle.loads(snapshot)
        except Exception:  # Stored by another release (a model changed): route as Wagtail does, and store anew.
            logger.info("Discarded a cached route for %s", path, exc_info=True)
            request._route_cache_pending = (route_key, components)
            return None
        try:
            # The page's own route(): its live check, and a routable page's sub-URLs (archives, feeds).
            routed = page.route(request, components[consumed:])
        except Http404:
            request._wagtail_route_for_request = None
            return None
        if routed[0] is page:
            page.get_view_restrictions = lambda: restrictions
        request._wagtail_route_for_request = routed
        return None
