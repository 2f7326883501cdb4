"""The caching public API: ``tag()`` what a render shows, ``purge()`` what a change touched.

Every cached page, fragment and route records the cache tags of what it shows (see ``tag()`` for the names). A
content change purges its tags once the transaction commits (``purge()``), which makes exactly the entries carrying
them stale, in this cache and in the frontend cache (Varnish by ``xkey``, a CDN by ``Cache-Tag`` or by URL).
Nothing else is refreshed; ``purge_all()`` is for what every page shows (site name, legal pages, header and footer).

How staleness is decided
    Purges are numbered by one counter in the shared cache (the clock). A purge sets each of its tags' versions
    to the new clock value; an entry is stored with the clock as it was before its render read anything, and is
    fresh while none of its tags (nor ``all``) has a version above that. A render that overlaps a purge is thus
    never stored as fresh. The shared cache also holds an epoch, created afresh when the cache comes back empty
    (a Redis restart): entries of another epoch, in this process's copies too, are never served.

When the cache is unreachable
    Nothing is served from any cache layer, this process's copies included: another server's purge may not have
    reached us. A purge that cannot be written is kept (and logged) and carried out as soon as the cache answers
    again, before anything is served from it; until then this process's copies are dropped.
"""

import contextlib
import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_init
from django.http.request import split_domain_port
from django.middleware.csrf import get_token
from django.utils import translation

from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page

logger = logging.getLogger(__name__)

CLOCK_KEY = "pagecache:clock"
EPOCH_KEY = "pagecache:epoch"
TAG_KEY = "pagecache:tag:"
ALL = "all"
# The site-wide comment feeds carry it; approving, editing or deleting any approved comment purges it.
COMMENTS = "comments"
NONCE_PLACEHOLDER = "__PAGE_CACHE_CSP_NONCE__"
CSRF_PLACEHOLDER = "__PAGE_CACHE_CSRF_TOKEN__"
# What Django's {% csrf_token %} renders.
CSRF_INPUT_RE = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(">)')
SAFE_VARY = {"accept-language", "cookie", "accept-encoding"}
# Stored entries of another layout (an earlier release, sharing the cache during an upgrade) are not read.
ENTRY_FORMAT = 3


def get_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def is_enabled():
    return settings.PAGE_CACHE_ENABLED


def _available(cache):
    # ResilientRedisCache answers defaults during an outage; this tells a default from a real answer.
    return getattr(cache, "is_available", True)


# --- tags --------------------------------------------------------------------------------------------------------


def page_tag(page_id):
    """Carried by whatever shows the page: its own view, lists, related and previous/next links, feeds, sitemap."""
    return f"page-{page_id}"


def view_tag(page_id):
    """Carried only by the page's own view and its sub-URLs (an article's comment feed)."""
    return f"view-{page_id}"


def comments_tag(page_id):
    """Carried by whatever shows the article's approved comments or their number."""
    return f"comments-{page_id}"


def list_tag(language):
    """Carried by the article lists of a language (home, article list, archives, feeds, sitemap, search): which
    articles they show changes when one is published, unpublished, moved or redated."""
    return f"list-{language}"


def tree_tag(path):
    """Carried by the pages below the tree path: a view restriction there reaches all of them."""
    return f"tree-{path}"


def snippet_tag(model, pk):
    """Carried by whatever shows the snippet (an author, category or tag: an article's byline, a card, an archive, a
    feed item): the render loaded it (``tag_instances_when_loaded``)."""
    return f"{model._meta.model_name}-{pk}"


def served_page_tags(page):
    """The tags of a page's own view."""
    tags = {page_tag(page.pk), view_tag(page.pk), comments_tag(page.pk)}
    steps = page.steplen if hasattr(page, "steplen") else 4
    tags.update(tree_tag(page.path[:end]) for end in range(steps, len(page.path) + 1, steps))
    return tags


_collecting = ContextVar("page_cache_tags", default=None)


def tag(*names):
    """Record that the render in progress shows what ``names`` stand for; outside a cached render, nothing.

    Pages are tagged by themselves when their URL is built (a listed or linked page) or when they are served; call
    it for what a render shows without a link, e.g. ``tag(COMMENTS)`` for the site-wide comment feed.
    """
    scopes = _collecting.get()
    if scopes:
        scopes[-1].update(names)


def tags_so_far():
    """The tags recorded so far by the render in progress, in every open scope."""
    scopes = _collecting.get()
    return set().union(*scopes) if scopes else set()


class collect_tags:
    """``with collect_tags() as tags:`` gathers the tags recorded inside; nested scopes also pass them outward."""

    def __enter__(self):
        self.tags = set()
        scopes = _collecting.get()
        self.token = _collecting.set([*(scopes or []), self.tags])
        return self.tags

    def __exit__(self, *exc):
        _collecting.reset(self.token)
        tag(*self.tags)
        return False


def tag_header_values(tags):
    """The tags as the frontend caches read them: ``xkey`` (Varnish) space-separated, ``Cache-Tag`` (Cloudflare)
    comma-separated."""
    ordered = sorted(tags)
    return {"xkey": " ".join(ordered), "Cache-Tag": ",".join(ordered)}


# --- process copies -----------------------------------------------------------------------------------------------


class LocalCopies:
    """The most recently used entries of this process, in front of the shared cache.

    Each entry carries its epoch, clock and tags and is checked against the shared cache's tag versions like a
    shared entry, so a purge on any server reaches it. Saves the round trip to Redis (for a page, the transfer of
    the whole page) for what is read most. Shared by the page cache and the render caches;
    ``RENDER_CACHE_LOCAL_ENTRIES`` entries at most.
    """

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    @property
    def size(self):
        # Read when used, not when the module loads: Django settings are not read at import time.
        return settings.RENDER_CACHE_LOCAL_ENTRIES

    def get_many(self, keys):
        found = {}
        with self.lock:
            for key in keys:
                if key in self.entries:
                    self.entries.move_to_end(key)
                    found[key] = self.entries[key]
        # Objects are kept pickled: each request gets its own copy to change, as from the shared cache.
        return {key: pickle.loads(value) for key, value in found.items()}

    def set(self, key, value):
        if self.size <= 0:
            return
        value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local_copies = LocalCopies()


# --- epoch, clock and tag versions --------------------------------------------------------------------------------


class _Memo:
    """The shared cache's epoch, clock and tag versions, remembered in this process for PAGE_CACHE_GENERATION_TTL
    seconds (default 1): another server's purge reaches this process within that time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.state = None
        self.state_until = 0.0
        self.versions = {}


_memo = _Memo()


def _ttl():
    return settings.PAGE_CACHE_GENERATION_TTL


def current_state():
    """``(epoch, clock)`` of the shared cache, or None while it cannot be read (then nothing is served from it)."""
    now = time.monotonic()
    state = _memo.state
    if state is not None and _memo.state_until > now:
        return state
    cache = get_cache()
    if not _retry_failed_purges(cache):
        return None
    values = cache.get_many([EPOCH_KEY, CLOCK_KEY])
    if not _available(cache):
        return None
    epoch, clock = values.get(EPOCH_KEY), values.get(CLOCK_KEY)
    if epoch is None or clock is None:
        # A new or emptied cache, or a clock or epoch evicted: a new epoch, so that nothing stored before is
        # served (its tags' versions may be gone too).
        if clock is None:
            cache.add(CLOCK_KEY, 0, timeout=None)
            cache.set(EPOCH_KEY, time.time_ns(), timeout=None)
        else:
            cache.add(EPOCH_KEY, time.time_ns(), timeout=None)
        values = cache.get_many([EPOCH_KEY, CLOCK_KEY])
        if not _available(cache) or None in (values.get(EPOCH_KEY), values.get(CLOCK_KEY)):
            return None
        epoch, clock = values[EPOCH_KEY], values[CLOCK_KEY]
        local_copies.clear()
    state = (epoch, clock)
    if _memo.state is not None and _memo.state[0] != epoch:
        local_copies.clear()
        _memo.versions = {}
    _memo.state, _memo.state_until = state, now + _ttl()
    return state


def _tag_versions(tags):
    """The version of each tag (0 when never purged), or None when the cache cannot be read."""
    now = time.monotonic()
    versions, missing = {}, []
    for name in tags:
        memo = _memo.versions.get(name)
        if memo is not None and memo[1] > now:
            versions[name] = memo[0]
        else:
            missing.append(name)
    if missing:
        cache = get_cache()
        found = cache.get_many([TAG_KEY + name for name in missing])
        if not _available(cache):
            return None
        until = now + _ttl()
        for name in missing:
            version = found.get(TAG_KEY + name, 0)
            versions[name] = version
            _memo.versions[name] = (version, until)
    return versions


def _fresh(entries, state):
    """The values of those ``entries`` (key → stored wrapper) that no purge has made stale."""
    wrappers = {
        key: wrapper
        for key, wrapper in entries.items()
        if isinstance(wrapper, dict) and wrapper.get("format") == ENTRY_FORMAT and wrapper.get("epoch") == state[0]
    }
    if not wrappers:
        return {}
    tags = {ALL}.union(*(wrapper["tags"] for wrapper in wrappers.values()))
    versions = _tag_versions(tags)
    if versions is None:
        return {}
    return {
        key: wrapper["value"]
        for key, wrapper in wrappers.items()
        if versions[ALL] <= wrapper["clock"] and all(versions[name] <= wrapper["clock"] for name in wrapper["tags"])
    }


def cached_entries(keys):
    """The fresh stored values of ``keys``: from this process's copies, else from the shared cache (and then kept
    here too). For the page cache and the render caches. Nothing while the shared cache cannot be read."""
    state = current_state()
    if state is None:
        return {}
    local = local_copies.get_many(keys)
    found = _fresh(local, state)
    missing = [key for key in keys if key not in found]
    if missing:
        cache = get_cache()
        shared = cache.get_many(missing)
        if not _available(cache):
            return found
        fresh = _fresh(shared, state)
        for key in fresh:
            local_copies.set(key, shared[key])
        found.update(fresh)
    return found


def keep(key, value, timeout, tags, state):
    """Store ``value`` with its ``tags`` under the ``state`` read before it was computed, in the shared cache and
    in this process's copies."""
    if state is None:
        return
    wrapper = {"format": ENTRY_FORMAT, "epoch": state[0], "clock": state[1], "tags": frozenset(tags), "value": value}
    cache = get_cache()
    cache.set(key, wrapper, timeout)
    if _available(cache):
        local_copies.set(key, wrapper)


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


def canonical_host(request):
    """The host without its port: ports in the Host header must not multiply the cache's entries (Django has
    already checked the host against ALLOWED_HOSTS)."""
    domain, _port = split_domain_port(request.get_host())
    return domain


def canonical_query(request):
    """Only the query parameters that change a page (``PAGE_CACHE_QUERY_PARAMETERS``), sorted: tracking and
    unknown parameters share the cached page."""
    read = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
    pairs = [
        pair for pair in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True) if pair[0] in read
    ]
    return urlencode(sorted(pairs))


def cache_key(request, language):
    raw = "|".join((canonical_host(request), request.path, canonical_query(request), language))
    return f"pagecache:{hashlib.sha256(raw.encode()).hexdigest()}"


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


# --- purging -----------------------------------------------------------------------------------------------------

_pending = threading.local()
_failed = {"tags": set(), "frontend_tags": set(), "frontend_pages": set()}
_failed_lock = threading.Lock()
_retry_timer = None


def purge(*tags, page_ids=()):
    """Make every entry carrying one of ``tags`` stale, here and in the frontend cache, once the transaction
    commits (at once outside one). Many purges in one transaction are carried out together, each tag and URL once.
    ``page_ids`` name the pages whose URLs a frontend cache without tag purging (a CDN purging by URL) forgets.
    """
    deferred = getattr(_pending, "deferred", None)
    if deferred is not None:
        deferred["tags"].update(tags)
        deferred["page_ids"].update(page_ids)
        return
    connection = transaction.get_connection()
    registered = any(func is _flush_pending for _sids, func, _robust in connection.run_on_commit)
    if not getattr(_pending, "dirty", False) or not registered:
        # Nothing pending, or what was pending belonged to a transaction that rolled back.
        _pending.dirty, _pending.tags, _pending.page_ids = True, set(), set()
    _pending.tags.update(tags)
    _pending.page_ids.update(page_ids)
    # Registered each time: the first to run after the commit carries them all out, the others find nothing.
    transaction.on_commit(_flush_pending)


@contextlib.contextmanager
def deferred_purges():
    """Collect the purges of a long job of many transactions (the WordPress import) and carry them out once, at its
    end, also when it fails: each tag purged once instead of once per transaction. Nested uses join the outer one."""
    if getattr(_pending, "deferred", None) is not None:
        yield
        return
    collected = _pending.deferred = {"tags": set(), "page_ids": set()}
    try:
        yield
    finally:
        _pending.deferred = None
        if collected["tags"]:
            transaction.on_commit(lambda: carry_out(collected["tags"], collected["page_ids"]))


def purge_page(page):
    """Refresh what shows ``page`` (its own view, the lists, links and feeds that show it) after a change to it."""
    purge(page_tag(page.pk), view_tag(page.pk), page_ids=[page.pk])


def purge_comments(article_id):
    """Refresh what shows the approved comments of the article or their number: the article, its comment feed,
    the site-wide comment feeds and the lists that show its comment count."""
    purge(comments_tag(article_id), COMMENTS, page_ids=[article_id])


def purge_snippet(instance):
    """Refresh what shows the snippet ``instance`` (an author, category or tag) after a change to it."""
    purge(snippet_tag(type(instance), instance.pk))


def purge_all():
    """Refresh every page: for what every page shows (site name, legal pages, header and footer links)."""
    purge(ALL)


def _flush_pending():
    """Runs after the transaction commits: a reader between the write and the commit would otherwise store the old
    version as fresh."""
    if not getattr(_pending, "dirty", False):
        return
    tags, page_ids = _pending.tags, _pending.page_ids
    _pending.dirty, _pending.tags, _pending.page_ids = False, set(), set()
    carry_out(tags, page_ids)


def carry_out(tags, page_ids=()):
    """Purge ``tags`` now: in the shared cache, then in the frontend caches. What fails is kept, logged and done
    again once possible; in the meantime this process serves nothing from its copies of those entries."""
    if not _write_tags(get_cache(), tags):
        with _failed_lock:
            _failed["tags"].update(tags)
        local_copies.clear()
        _memo.clear()
        logger.warning("Cache unreachable: purge of %d tag(s) kept until it answers again", len(tags))
        _schedule_retry()
    _purge_frontend(tags, page_ids)


def _write_tags(cache, tags):
    try:
        if cache.add(CLOCK_KEY, 0, timeout=None):
            # The clock was missing: whatever was stored before belongs to another epoch.
            cache.set(EPOCH_KEY, time.time_ns(), timeout=None)
        clock = cache.incr(CLOCK_KEY)
        if not _available(cache):
            return False
        cache.set_many({TAG_KEY + name: clock for name in tags}, timeout=None)
        if not _available(cache):
            return False
    except ValueError:  # The clock vanished between add() and incr(): the cache was emptied, a new epoch follows.
        cache.delete(EPOCH_KEY)
        return False
    except Exception:
        logger.exception("Could not purge the page cache")
        return False
    _memo.clear()
    return True


def _retry_failed_purges(cache):
    """Carry out the purges kept during an outage; False while they still cannot be written."""
    if not _failed["tags"]:
        return True
    with _failed_lock:
        tags = set(_failed["tags"])
        if not _write_tags(cache, tags):
            return False
        _failed["tags"] -= tags
    local_copies.clear()
    logger.warning("Carried out %d kept purge tag(s) now that the cache answers again", len(tags))
    return True


def _schedule_retry():
    """Retry kept purges in the background too, so that a process without requests carries them out."""
    global _retry_timer
    if _retry_timer is not None and _retry_timer.is_alive():
        return
    _retry_timer = threading.Timer(settings.PAGE_CACHE_PURGE_RETRY_SECONDS, _retry_in_background)
    _retry_timer.daemon = True
    _retry_timer.start()


def _retry_in_background():
    global _retry_timer
    _retry_timer = None
    try:
        done = _retry_failed_purges(get_cache())
        frontend_done = _retry_frontend()
    except Exception:
        logger.exception("Retrying kept purges failed")
        done = frontend_done = False
    if not (done and frontend_done):
        _schedule_retry()


def pending_failed_purges():
    """What is kept for later (for /healthz and operators)."""
    with _failed_lock:
        return {name: len(values) for name, values in _failed.items()}


def _purge_frontend(tags, page_ids):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    failed = False
    url_backends = {}
    for name, backend in get_backends().items():
        if hasattr(backend, "purge_tags"):
            try:
                backend.purge_tags(sorted(tags))
            except Exception:
                logger.exception("Could not purge tags from the frontend cache %s", name)
                failed = True
        else:
            url_backends[name] = backend
    if url_backends and page_ids:
        try:
            PurgeBatch(purge_urls(page_ids)).purge(backends=list(url_backends))
        except Exception:
            logger.exception("Could not purge URLs from the frontend cache")
            failed = True
    if failed:
        with _failed_lock:
            _failed["frontend_tags"].update(tags)
            _failed["frontend_pages"].update(page_ids)
        _schedule_retry()


def _retry_frontend():
    with _failed_lock:
        tags, pages = set(_failed["frontend_tags"]), set(_failed["frontend_pages"])
        _failed["frontend_tags"].clear()
        _failed["frontend_pages"].clear()
    if tags or pages:
        _purge_frontend(tags, pages)
    with _failed_lock:
        return not (_failed["frontend_tags"] or _failed["frontend_pages"])


def purge_urls(page_ids):
    """For frontend caches that purge by URL: each page's URLs (with Wagtail's ``get_cached_paths``) and those of
    the lists above it, each once."""
    batch = PurgeBatch()
    pages = list(Page.objects.filter(pk__in=page_ids).specific(defer=True))
    paths = {page.path[:end] for page in pages for end in range(page.steplen * 2, len(page.path), page.steplen)}
    batch.add_pages(pages)
    batch.add_pages(Page.objects.filter(path__in=paths).specific(defer=True))
    return sorted(batch.urls)


def reset_process_state():
    """Forget this process's copies, memos and kept purges (tests start each case from an empty cache)."""
    local_copies.clear()
    _memo.clear()
    _pending.dirty = False
    with _failed_lock:
        for values in _failed.values():
            values.clear()


def tag_instances_when_loaded(model):
    """Every instance of ``model`` that a cached render loads from the database is shown by it: the render carries
    its ``snippet_tag``. For snippets (authors, categories, tags) that bylines, cards, archives and feeds show
    without linking a page, so that a change to one refreshes only what shows it."""

    def loaded(sender, instance, **kwargs):
        if _collecting.get() and instance.pk is not None:
            tag(snippet_tag(sender, instance.pk))

    post_init.connect(loaded, sender=model, weak=False, dispatch_uid=f"pagecache_loaded_{model._meta.label}")


def tag_pages_when_linked():
    """Every page whose URL a cached render builds (a card, a related or previous/next link, a feed item, the
    sitemap, the language switcher, a menu link) is shown by it: the render carries the page's tag.

    Wagtail builds every page URL through ``Page.get_url_parts``; wrapping it there tags them all without each
    template and feed having to.
    """
    original = Page.get_url_parts
    if getattr(original, "_tags_pages", False):
        return

    def get_url_parts(self, request=None):
        if _collecting.get() and self.pk is not None:
            tag(page_tag(self.pk))
        return original(self, request)

    get_url_parts._tags_pages = True
    Page.get_url_parts = get_url_parts
