"""The page cache: anonymous GETs are answered from Django's cache, and every content change refreshes it.

Why our own middleware: wagtail-cache, the maintained package for this, requires wagtail<8.

How a page is cached
    Only GET and HEAD requests without cookies (other than the CSRF and language cookies) are read from or
    written to the cache. A session cookie means an editor, a reader who passed a page password, or a commenter
    whose comment is held for moderation: they always get a freshly rendered page. Only 200 responses that set
    no cookie but the CSRF cookie, are not marked private and vary on nothing but language and cookies are stored.

    The middleware sits near the top of ``MIDDLEWARE`` (after the health check, the HTTPS redirect and static
    files) and stores the response as the middleware below it left it, headers included. A hit therefore skips
    sessions, languages, CSRF checks, authentication and the Content-Security-Policy's assembly: it is a lookup,
    a few string replacements and the headers. It keys on the language ``LocaleMiddleware`` will choose
    (``request_language``) and stores nothing when that middleware chose another.

    A page may contain per-request values: the CSP nonce (in the page and in its policy header) and the CSRF
    token of a form. They are replaced by placeholders when the page is stored and filled with this request's
    values when it is served, so a form works for every reader and inline scripts keep matching the
    Content-Security-Policy. A page with a CSRF token gets the reader's CSRF cookie from Django's own
    ``CsrfViewMiddleware`` steps, as a rendered page would. (The comment form has none in the page: its token
    is fetched by script, so that an article is the same for every reader and shared caches may keep it.)

How it is refreshed
    Every key contains a generation number. ``purge_page(page)`` (and any publish, unpublish, move or delete of
    a page, and any change to the models in ``PAGE_CACHE_PURGE_MODELS``) bumps the generation once the
    transaction commits, so the page, every listing that shows it (home, article lists with all their
    pagination, archives, search) and every feed are rendered afresh. It also asks the CDN or Varnish
    (``wagtail.contrib.frontend_cache``) to purge the page's URLs and those of its listings and feeds.
"""

import contextlib
import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control

from wagtail import hooks
from wagtail.signals import page_published, page_unpublished, post_page_move

from .security import ContentSecurityPolicyMiddleware

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
    tokens replaced. Also used for cached fragments (home/render_cache.py)."""
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


# --- middleware --------------------------------------------------------------------------------------------------


def bypass_reason(request):
    """Why this request must neither read nor fill the cache, or None when it may."""
    if not is_enabled():
        return "disabled"
    if request.method not in ("GET", "HEAD"):
        return "method"
    if request.path.startswith(tuple(_setting("PAGE_CACHE_EXCLUDED_PATHS", ()))):
        return "path"
    if any(name in request.GET for name in _setting("PAGE_CACHE_BYPASS_QUERY_PARAMETERS", ())):
        return "query"
    ignored = set(_setting("PAGE_CACHE_IGNORED_COOKIES", ())) | {settings.CSRF_COOKIE_NAME}
    if any(name not in ignored for name in request.COOKIES):
        return "cookie"
    # Wagtail's previews run through the middleware as "dummy" requests for the page's public URL.
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return "preview"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "user"
    return None


def _store_reason(request, response, language):
    """Why this response must not be stored, or None when it may."""
    if getattr(request, "is_preview", False):
        return "preview"
    if response.status_code != 200 or response.streaming:
        return "status"
    # The CSRF cookie is the reader's own: every hit sets it afresh (PageCacheMiddleware._from_entry).
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return "cookie"
    if getattr(request, "LANGUAGE_CODE", language) != language:
        return "language"
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return "private"
    vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", "")) if value.strip()}
    if vary - SAFE_VARY:
        return "vary"
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "_wrapped", None) is not None and user.is_authenticated:
        return "user"
    return None


class PageCacheMiddleware:
    """Serve anonymous GETs from the cache and store what may be shared. See the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's and django-csp's own request and response steps, for the CSRF cookie and the nonce of a hit.
        self.csrf = CsrfViewMiddleware(get_response)
        self.csp = ContentSecurityPolicyMiddleware(get_response)

    def __call__(self, request):
        reason = bypass_reason(request)
        if reason:
            response = self.get_response(request)
            response["X-Page-Cache"] = "bypass"
            return response

        language = request_language(request)
        key = cache_key(request, get_generation(), language)
        entry = cached_entries([key]).get(key)
        if isinstance(entry, dict) and entry.get("format") == ENTRY_FORMAT:
            return self._from_entry(request, entry)

        response = self.get_response(request)
        reason = _store_reason(request, response, language)
        if reason is None and request.method == "GET":
            has_csrf = settings.CSRF_COOKIE_NAME in response.cookies
            self._patch_cache_control(response, private=has_csrf)
            entry = self._to_entry(request, response, has_csrf)
            if entry is not None:
                keep(key, entry, _setting("PAGE_CACHE_TIMEOUT", 6 * 3600))
                response["X-Page-Cache"] = "miss"
                return response
        response["X-Page-Cache"] = "bypass"
        return response

    @staticmethod
    def _to_entry(request, response, has_csrf):
        content, csrf_inputs = make_shareable(request, response.content.decode(response.charset))
        if has_csrf and not csrf_inputs:
            # The token was used somewhere we cannot find and refill: never share that page.
            return None
        nonce = getattr(request, "_csp_nonce", None)
        headers = [
            (name, value.replace(nonce, NONCE_PLACEHOLDER) if isinstance(nonce, str) else value)
            for name, value in response.items()
            if name.lower() not in {"content-length", "x-page-cache"}
        ]
        return {
            "format": ENTRY_FORMAT,
            "status": response.status_code,
            "headers": headers,
            "content": content,
            "charset": response.charset,
            "csrf": has_csrf,
        }

    def _from_entry(self, request, entry):
        uses_nonce = NONCE_PLACEHOLDER in entry["content"] or any(
            NONCE_PLACEHOLDER in value for _, value in entry["headers"]
        )
        if uses_nonce:
            self.csp.process_request(request)
        if entry["csrf"]:
            # Reads the reader's CSRF cookie, if any, so that get_token() masks their secret.
            self.csrf.process_request(request)
        body = personalize(request, entry["content"]).encode(entry["charset"])
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
        nonce = str(request.csp_nonce) if uses_nonce else None
        for name, value in entry["headers"]:
            response[name] = value.replace(NONCE_PLACEHOLDER, nonce) if uses_nonce else value
        # What CommonMiddleware, which a hit skips, adds to a rendered page (for HEAD, the length of the GET).
        response["Content-Length"] = str(len(body))
        if entry["csrf"]:
            # Sets the reader's CSRF cookie.
            self.csrf.process_response(request, response)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _patch_cache_control(response, private):
        if private:
            # The page holds this reader's CSRF token: browsers may keep it, shared caches must not.
            patch_cache_control(response, private=True)
            return
        shared_max_age = _setting("PAGE_CACHE_SHARED_MAX_AGE", 0)
        if shared_max_age and "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared_max_age)


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
    if not getattr(_pending, "deferred", 0):
        transaction.on_commit(_flush_pending)


@contextlib.contextmanager
def deferred_purges():
    """Collect the refreshes of a long job of many transactions (the WordPress import) and refresh once, at its end,
    also when it fails: one generation bump and one CDN purge instead of one per transaction."""
    _pending.deferred = getattr(_pending, "deferred", 0) + 1
    try:
        yield
    finally:
        _pending.deferred -= 1
        if not _pending.deferred and getattr(_pending, "dirty", False):
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


def connect_signals():
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
