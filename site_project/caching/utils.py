"""The caching public API: the page cache's keys, this process's copies, and the purges that every content change
asks for (``purge_page``, ``purge_all``). The middleware (middleware.py) serves and stores pages, the signal handlers
(signal_handlers.py) call the purges, the render caches (render.py) keep what a render needs.

How it is refreshed
    Every key contains a generation number. ``purge_page(page)`` (and any publish, unpublish, move or delete of
    a page, and any change to the models in ``PAGE_CACHE_PURGE_MODELS``) bumps the generation once the
    transaction commits, so the page, every listing that shows it (home, article lists with all their
    pagination, archives, search) and every feed are rendered afresh. It also asks the CDN or Varnish
    (``wagtail.contrib.frontend_cache``) to purge the page's URLs and those of its listings and feeds.
"""

import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import translation

from wagtail import hooks

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NONCE_PLACEHOLDER = "__PAGE_CACHE_CSP_NONCE__"
CSRF_PLACEHOLDER = "__PAGE_CACHE_CSRF_TOKEN__"
# What Django's {% csrf_token %} renders.
CSRF_INPUT_RE = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(">)')
SAFE_VARY = {"accept-language", "cookie", "accept-encoding"}
RELATED_URLS_HOOK = "page_cache_related_urls"
# Stored entries of another layout (an earlier release, sharing the cache during an upgrade) are not read.
ENTRY_FORMAT = 2


def _setting(name, default):
    return getattr(settings, name, default)


def get_cache():
    return caches[_setting("PAGE_CACHE_ALIAS", "default")]


def is_enabled():
    return _setting("PAGE_CACHE_ENABLED", True)


class LocalCopies:
    """The most recently used entries of this process, in front of the shared cache.

    Safe because a key names its generation: what is stored under it never changes, and after a content change
    nobody asks for it again. Saves the round trip to Redis (for a page, the transfer of the whole page) for what is
    read most. Shared by the page cache and the render caches; ``RENDER_CACHE_LOCAL_ENTRIES`` entries at most.
    """

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys):
        found = {}
        with self.lock:
            for key in keys:
                if key in self.entries:
                    self.entries.move_to_end(key)
                    found[key] = self.entries[key]
        # Objects are kept pickled: each request gets its own copy to change, as from the shared cache.
        return {key: value if isinstance(value, str) else pickle.loads(value) for key, value in found.items()}

    def set(self, key, value):
        if self.size <= 0:
            return
        value = value if isinstance(value, str) else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local_copies = LocalCopies(getattr(settings, "RENDER_CACHE_LOCAL_ENTRIES", 500))


def cached_entries(keys):
    """The stored values of ``keys`` that exist: from this process's copies, else from the shared cache (and then
    kept here too). For the page cache and the render caches."""
    found = local_copies.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = get_cache().get_many(missing)
        for key, value in shared.items():
            local_copies.set(key, value)
        found.update(shared)
    return found


def keep(key, value, timeout):
    """Store ``value`` in the shared cache and in this process's copies."""
    local_copies.set(key, value)
    get_cache().set(key, value, timeout)


# --- keys and generation -----------------------------------------------------------------------------------------


_generation_memo = {}


def get_generation():
    """The current generation, remembered in this process for PAGE_CACHE_GENERATION_TTL seconds (default 1): one
    cache round trip per request instead of two. Another server's purge reaches this process within that time."""
    cache = get_cache()
    ttl = _setting("PAGE_CACHE_GENERATION_TTL", 1.0)
    memo = _generation_memo.get(id(cache))
    now = time.monotonic()
    if memo is not None and memo[1] > now:
        return memo[0]
    generation = cache.get(GENERATION_KEY)
    generation = generation if isinstance(generation, int) else 0
    _generation_memo[id(cache)] = (generation, now + ttl)
    return generation


def bump_generation():
    """Make every cached page stale at once, on every app server sharing the cache."""
    cache = get_cache()
    # add() only creates a missing key; incr() is atomic in Redis. A key that was evicted or cleared restarts
    # from the clock, so that it never comes back to a generation that old pages may still be stored under.
    cache.add(GENERATION_KEY, time.time_ns() // 1_000_000, timeout=None)
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        # Evicted between the two calls.
        generation = time.time_ns() // 1_000_000
        cache.set(GENERATION_KEY, generation, timeout=None)
    _generation_memo.pop(id(cache), None)
    return generation


def request_language(request):
    """The language ``LocaleMiddleware`` will activate for ``request`` (the page cache runs before it): the URL's
    prefix where ``i18n_patterns`` are used, else the default language for unprefixed URLs of such patterns, else
    what the reader's cookie or Accept-Language header asks for."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used:
        language = translation.get_language_from_path(request.path_info)
        if language:
            return language
        if not prefixed_default_language:
            return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def cache_key(request, generation, language):
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)))
    raw = "|".join((request.get_host(), request.path, query, language))
    return f"pagecache:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


# --- per-request values -----------------------------------------------------------------------------------------


def make_shareable(request, content):
    """``content`` with this request's CSP nonce and CSRF tokens replaced by placeholders, and the number of CSRF
    tokens replaced. Also used for cached fragments (render.py)."""
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce, NONCE_PLACEHOLDER)
    return CSRF_INPUT_RE.subn(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", content)


def personalize(request, content):
    """Fill the placeholders of ``make_shareable`` with this request's values."""
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    return content


# --- invalidation ------------------------------------------------------------------------------------------------

_pending = threading.local()


def _flush_pending():
    """Runs after the transaction commits: a reader between the write and the commit would otherwise store the old
    version under the new generation. Many changes in one transaction refresh the cache once."""
    if not getattr(_pending, "dirty", False):
        return
    page_ids = _pending.page_ids
    _pending.dirty, _pending.page_ids = False, set()
    try:
        bump_generation()
    except Exception:  # The cache backend logs outages; publishing must never fail because of the cache.
        logger.exception("Could not refresh the page cache")
    if page_ids and _setting("WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch
        from wagtail.models import Page

        urls = []
        for page in Page.objects.filter(pk__in=page_ids).specific(defer=True):
            urls.extend(related_urls(page))
        try:
            PurgeBatch(list(dict.fromkeys(urls))).purge()
        except Exception:
            logger.exception("Could not purge the frontend cache")


def _schedule(page_id=None):
    if not getattr(_pending, "dirty", False):
        _pending.dirty, _pending.page_ids = True, set()
    if page_id is not None:
        _pending.page_ids.add(page_id)
    transaction.on_commit(_flush_pending)


def related_urls(page):
    """The URLs that show ``page``: itself, its ancestors' listings (home, article list) and whatever other apps
    add through the ``page_cache_related_urls`` Wagtail hook (feeds, archives, …)."""
    urls = []
    for item in [page, *page.get_ancestors().filter(depth__gt=1)]:
        url = item.get_full_url()
        if url:
            urls.append(url)
    for hook in hooks.get_hooks(RELATED_URLS_HOOK):
        urls.extend(hook(page) or [])
    return list(dict.fromkeys(urls))


def purge_page(page):
    """Refresh ``page``, its listings and its feeds in the page cache, and purge them from the CDN.

    Public API: the comments code calls it when a comment is approved, edited or deleted, also for bulk actions
    that bypass model signals (``QuerySet.update``). Works inside or outside a transaction; the refresh happens
    once, after the commit.
    """
    _schedule(getattr(page, "pk", None))


def purge_all():
    """Refresh every page, e.g. after a change to a snippet that many pages show."""
    _schedule()
