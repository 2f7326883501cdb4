"""The page cache's middleware (anonymous GETs answered from Django's cache) and the render caches' route cache.

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
"""

import logging
import pickle

from django.conf import settings
from django.http import Http404, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import cc_delim_re, patch_cache_control

from wagtail import views as wagtail_views
from wagtail.models import Site

from site_project.security import ContentSecurityPolicyMiddleware

from .render import MISSING, key_for, store, usable
from .utils import (
    NONCE_PLACEHOLDER,
    SAFE_VARY,
    cache_key,
    cached_entries,
    collect_tags,
    current_state,
    is_enabled,
    keep,
    list_tag,
    make_shareable,
    personalize,
    request_language,
    served_page_tags,
    tag_header_values,
)

logger = logging.getLogger(__name__)


# --- page cache --------------------------------------------------------------------------------------------------


def bypass_reason(request):
    """Why this request must neither read nor fill the cache, or None when it may."""
    if not is_enabled():
        return "disabled"
    if request.method not in ("GET", "HEAD"):
        return "method"
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return "path"
    if any(name in request.GET for name in settings.PAGE_CACHE_BYPASS_QUERY_PARAMETERS):
        return "query"
    ignored = set(settings.PAGE_CACHE_IGNORED_COOKIES) | {settings.CSRF_COOKIE_NAME}
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
        key = cache_key(request, language)
        # Read before the render reads any content: a purge during the render makes what it stores stale.
        state = current_state()
        entry = cached_entries([key]).get(key) if state is not None else None
        if isinstance(entry, dict):
            return self._from_entry(request, entry)

        with collect_tags() as tags:
            response = self.get_response(request)
        reason = _store_reason(request, response, language)
        if reason is None and request.method == "GET":
            if not any(name.startswith("view-") for name in tags):
                # Not a Wagtail page (search, sitemap): it lists articles of its language.
                tags.add(list_tag(language))
            has_csrf = settings.CSRF_COOKIE_NAME in response.cookies
            self._patch_cache_control(response, private=has_csrf)
            if not has_csrf:
                for name, value in tag_header_values(tags).items():
                    response[name] = value
            entry = self._to_entry(request, response, has_csrf)
            if entry is not None and state is not None:
                keep(key, entry, settings.PAGE_CACHE_TIMEOUT, tags, state)
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
        shared_max_age = settings.PAGE_CACHE_SHARED_MAX_AGE
        if shared_max_age and "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared_max_age)


# --- route cache ------------------------------------------------------------------------------------------------


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
            route_key, components, state = pending
            page = route[0]
            consumed = page.depth - Site.find_for_request(request).root_page.depth
            if 0 <= consumed <= len(components):
                # A clean copy without its StreamFields: only a cached fragment's miss reads the body, and the
                # page as rendered carries this request's state.
                snapshot = type(page).objects.defer_streamfields().filter(pk=page.pk).first()
                if snapshot is not None:
                    restrictions = list(snapshot.get_view_restrictions())
                    value = (consumed, pickle.dumps((snapshot, restrictions), pickle.HIGHEST_PROTOCOL))
                    store(route_key, value, served_page_tags(snapshot), state)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not usable(request):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        state = current_state()
        site_key = key_for("site", request._get_raw_host(), request.get_port())
        route_key = key_for("route", site_key, getattr(request, "LANGUAGE_CODE", ""), "/".join(components))
        entries = cached_entries([site_key, route_key])
        site = entries.get(site_key, MISSING)
        if site is MISSING:
            site = Site.find_for_request(request)
            store(site_key, site, (), state)
        request._wagtail_site = site
        route = entries.get(route_key)
        if site is None:
            return None
        if route is None:
            request._route_cache_pending = (route_key, components, state)
            return None
        try:
            consumed, snapshot = route
            page, restrictions = pickle.loads(snapshot)
        except Exception:  # Stored by another release (a model changed): route as Wagtail does, and store anew.
            logger.info("Discarded a cached route for %s", path, exc_info=True)
            request._route_cache_pending = (route_key, components, state)
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
