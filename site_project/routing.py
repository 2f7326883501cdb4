"""Routing a URL to its page in one query instead of Wagtail's two per path segment, and what a request reads once.

Wagtail's ``Page.route_for_request`` reads the site's root page in the active language, then its specific row, then
for each URL segment the child's page row and its specific row, then (``get_view_restrictions``) the ancestors and
their restrictions. ``RouteMiddleware`` reads the site with the active ``Locale`` (one query, as Wagtail's for the
site alone; the locale is kept on the request for everything else that asks) and then every page the URL can lead
through in one query, with the specific rows of the project's page types and an article's author and header image
joined; the page types' own ``route()`` methods then run as always (``OneQueryChildRouteMixin`` finds each child
among the rows read), so routable sub-URLs, ``live`` checks and 404s behave exactly as Wagtail's. The view
restrictions of the whole site are read once per request (``view_restrictions``): they answer the page's own check
and ``private_q`` for its lists.

Nothing is kept between requests: every request reads the database afresh.
"""

import functools
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import InterfaceError, OperationalError
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models, sites

from .prepared import PreparedQuery

# URL segments below the root page read in the one query; deeper URLs route on from there as Wagtail does.
MAX_SEGMENTS = 6


def active_locale(request):
    """The ``Locale`` of the active language, read once per request (Wagtail's ``Locale.get_active()`` each time)."""
    language = translation.get_language()
    memo = _locales_of(request)
    if language not in memo:
        memo[language] = _locale_for(language)
    return memo[language]


def _locales_of(request):
    """The Locales read for ``request``, by language (a dict of its own each time without a request)."""
    if request is None:
        return {}
    if not hasattr(request, "_active_locales"):
        request._active_locales = {}
    return request._active_locales


def _locale_for(language):
    """``Locale.get_active()`` for ``language``: the same lookup, compiled once per process."""

    found = _locale_query().run(language_code=get_supported_content_language_variant(language))
    if not found:
        raise Locale.DoesNotExist(f"No Locale for {language!r}")
    return found[0]


@functools.cache
def _locale_query():
    return PreparedQuery(lambda language_code: Locale.objects.filter(language_code=language_code), language_code=str)


def routed_pages(request, site, locale):
    """The pages ``RouteMiddleware`` read for this request (the site's root page and its translation in ``locale``
    among them), or None when it read none for this site and language."""
    route = getattr(request, "_preloaded_route", None)
    if route is None or route.site.pk != site.pk or route.locale.pk != locale.pk:
        return None
    return list(route.pages.values())


def view_restrictions(request):
    """Every page view restriction of the site with its page, read once per request."""
    if request is None:
        return list(PageViewRestriction.objects.select_related("page"))
    if not hasattr(request, "_view_restrictions"):
        request._view_restrictions = _restrictions_query().run()
    return request._view_restrictions


@functools.cache
def _restrictions_query():
    return PreparedQuery(lambda: PageViewRestriction.objects.select_related("page"))


def private_q(request):
    """Wagtail's ``PageQuerySet.private_q()`` from the request's restrictions: the pages in a private section."""
    q = Q()
    for restriction in view_restrictions(request):
        q |= Q(path__startswith=restriction.page.path) & Q(depth__gte=restriction.page.depth)
    return q if q else Q(pk__in=[])


@functools.cache
def not_private():
    """The condition Wagtail's ``public()`` adds, as one expression of fixed SQL whatever the number of view
    restrictions: no restricted page is this page or one of its ancestors (their path is a prefix of its path)."""

    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return ~Exists(restricted)


@functools.cache
def _specific_relations():
    """``{model: accessor}`` of the project's page types directly below ``Page``, and what the joined query reads
    with them (an article's author and header image, which its byline, picture and head show)."""

    relations, extra = {}, []
    for model in get_page_models():
        parents = model._meta.parents
        if list(parents) == [Page] and model._meta.app_label not in ("wagtailcore",):
            accessor = parents[Page].remote_field.get_accessor_name()
            relations[model] = accessor
            extra += [f"{accessor}__{name}" for name in getattr(model, "route_select_related", ())]
    return relations, tuple(extra)


@functools.cache
def _route_query(ancestors, translated, segments):
    """The prepared query of ``PreloadedRoute`` for a root with ``ancestors`` ancestors and a URL of ``segments``
    segments (``translated``: the active language is not the root's); one per shape, each compiled once."""

    def build(root, root_key=None, locale=None, **values):
        relations, extra = _specific_relations()
        wanted = Q(pk=root) | Q(path__in=[values[f"ancestor{number}"] for number in range(ancestors)])
        if translated:
            wanted |= Q(translation_key=root_key, locale_id=locale)
        for number in range(segments):
            wanted |= Q(depth=values[f"depth{number}"], slug=values[f"slug{number}"])
        return Page.objects.filter(wanted).select_related(*relations.values(), *extra)

    kinds = {"root": int, **({"root_key": uuid.UUID, "locale": int} if translated else {})}
    kinds.update({f"ancestor{number}": str for number in range(ancestors)})
    kinds.update({f"slug{number}": str for number in range(segments)})
    kinds.update({f"depth{number}": int for number in range(segments)})
    return PreparedQuery(build, **kinds)


class RequestLink:
    """The request a routed page was read for, so that it can share what the request read once; a copy of the
    page (pickled into a cache) keeps none."""

    def __init__(self, request):
        self.request = request

    def __getstate__(self):
        return {"request": None}


def find_site(request):
    """``Site.find_for_request(request)`` with Wagtail's own query and choice (``get_site_for_hostname``), compiled
    once per process; kept on the request where Wagtail keeps it."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            port = int(request.get_port())
        except (TypeError, ValueError):
            return Site.find_for_request(request)
        language = translation.get_language()
        try:
            language_code = get_supported_content_language_variant(language) if language else ""
        except LookupError:
            language_code = ""
        found = _site_query().run(hostname=hostname, port=port, language_code=language_code)
        request._wagtail_site = _choose_site(found)
        if found and found[0].active_locale_pk is not None:
            # The active language's Locale came with the sites (every row carries it): active_locale() needs no
            # query of its own.
            locale = Locale.from_db(
                found[0]._state.db, ["id", "language_code"], [found[0].active_locale_pk, language_code]
            )
            _locales_of(request).setdefault(language, locale)
    return request._wagtail_site


@functools.cache
def _site_query():

    def build(hostname, port, language_code):
        # As wagtail.models.sites.get_site_for_hostname.
        match = Case(
            When(hostname=hostname, port=port, then=sites.MATCH_HOSTNAME_PORT),
            When(hostname=hostname, is_default_site=True, then=sites.MATCH_HOSTNAME_DEFAULT),
            When(is_default_site=True, then=sites.MATCH_DEFAULT),
            default=sites.MATCH_HOSTNAME,
            output_field=IntegerField(),
        )
        locale = Locale.objects.filter(language_code=language_code).values("pk")[:1]
        return (
            Site.objects.annotate(match=match, active_locale_pk=Subquery(locale))
            .filter(Q(hostname=hostname) | Q(is_default_site=True))
            .order_by("match")
            .select_related("root_page")
        )

    return PreparedQuery(build, hostname=str, port=int, language_code=str)


def _choose_site(sites_found):

    if sites_found:
        if len(sites_found) == 1 or sites_found[0].match in (sites.MATCH_HOSTNAME_PORT, sites.MATCH_HOSTNAME_DEFAULT):
            return sites_found[0]
        if sites_found[0].match == sites.MATCH_DEFAULT:
            return sites_found[len(sites_found) == 2]
    return None


class PreloadedRoute:
    """The pages read for one request's URL: the root page in the active language and the pages whose depth and
    slug match each URL segment, each as its specific instance, with each page's children among them by slug."""

    def __init__(self, request, site, components):
        self.request = request
        self.site = site
        root = site.root_page
        locale = active_locale(request)
        self.root = root
        relations, _extra = _specific_relations()
        ancestors = [root.path[:end] for end in range(root.steplen, len(root.path), root.steplen)]
        segments = components[:MAX_SEGMENTS]
        translated = locale.pk != root.locale_id
        values = {"root": root.pk, "root_key": root.translation_key, "locale": locale.pk}
        values.update({f"ancestor{number}": path for number, path in enumerate(ancestors)})
        for number, slug in enumerate(segments):
            values[f"slug{number}"] = slug
            values[f"depth{number}"] = root.depth + number + 1
        query = _route_query(len(ancestors), translated, len(segments))
        rows = query.run(**values)
        self.depth_read = root.depth + len(segments)
        self.pages = {}
        for row in rows:
            model = ContentType.objects.get_for_id(row.content_type_id).model_class()
            specific = None
            if model in relations:
                try:
                    specific = getattr(row, relations[model])
                except ObjectDoesNotExist:
                    specific = None
            self.pages[row.path] = specific if specific is not None else row
        self.locale = locale

    def localized_root(self):
        """``site.root_page.localized.specific`` as Wagtail computes it, or None when it was not read."""
        root = self.pages.get(self.root.path)
        if self.locale.pk != self.root.locale_id:
            translated = next(
                (
                    page
                    for page in self.pages.values()
                    if page.translation_key == self.root.translation_key and page.locale_id == self.locale.pk
                ),
                None,
            )
            if translated is not None and translated.live:
                root = translated
        return root

    def prepare(self, page):
        """Give ``page`` and the pages below it that were read their children by slug and their ancestors."""
        by_parent = {}
        for path, candidate in self.pages.items():
            by_parent.setdefault(path[: -candidate.steplen], {})[candidate.slug] = candidate
        link = RequestLink(self.request)
        for path, candidate in self.pages.items():
            if not path.startswith(page.path):
                continue
            if candidate.depth < self.depth_read:
                candidate._route_children = by_parent.get(path, {})
            steplen = candidate.steplen
            candidate._route_ancestors = [self.pages.get(path[:end]) for end in range(steplen, len(path), steplen)]
            candidate._route_request = link


class RouteMiddleware:
    """Route Wagtail's pages with ``PreloadedRoute``; see the module docstring. After the route cache, which
    answers first when it holds the route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Not at the top: this module is imported while the models load, wagtail.views needs them loaded.
        from wagtail import views as wagtail_views

        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return None
        try:
            return self.route(request, view_args, view_kwargs)
        except (OperationalError, InterfaceError):
            # A database outage: Wagtail's own route meets it again inside the view, where it becomes the 503 page
            # (site_project.middleware.DatabaseUnavailableMiddleware).
            for name in ("_wagtail_route_for_request", "_preloaded_route"):
                request.__dict__.pop(name, None)
            return None

    def route(self, request, view_args, view_kwargs):
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        site = find_site(request)
        if site is None:
            return None
        components = [component for component in path.split("/") if component]
        try:
            route = PreloadedRoute(request, site, components)
        except (LookupError, Locale.DoesNotExist):
            return None  # No Locale for the active language: Wagtail's route keeps the root page.
        request._preloaded_route = route
        root = route.localized_root()
        if root is None or not hasattr(root, "route"):
            return None
        route.prepare(root)
        try:
            request._wagtail_route_for_request = root.route(request, components)
        except Http404:
            request._wagtail_route_for_request = None
        return None


class PreloadedViewRestrictionsMixin:
    """``get_view_restrictions()`` from the request's restrictions when the route read this page's ancestors: no
    query for the ancestors, none for the restrictions. Pages or ancestors that are aliases go Wagtail's way."""

    # What the route attached; a copy of the page in a cache (the header and footer keep the home page) leaves it out.
    ROUTE_ATTRIBUTES = ("_route_children", "_route_ancestors", "_route_request")

    def __getstate__(self):
        state = super().__getstate__()
        for name in self.ROUTE_ATTRIBUTES:
            state.pop(name, None)
        return state

    def get_view_restrictions(self):
        ancestors = getattr(self, "_route_ancestors", None)
        request = getattr(getattr(self, "_route_request", None), "request", None)
        if ancestors is None or request is None or any(page is None for page in ancestors):
            return super().get_view_restrictions()
        chain = [*ancestors, self]
        if any(page.alias_of_id for page in chain):
            return super().get_view_restrictions()
        ids = {page.pk for page in chain}
        return [restriction for restriction in view_restrictions(request) if restriction.page_id in ids]


class OneQueryChildRouteMixin(PreloadedViewRestrictionsMixin):
    """Find the child page of a URL segment with its specific row in one query, or none when ``RouteMiddleware``
    read it already.

    Wagtail's ``Page.route`` reads the child's page row, then its specific row (``.specific``): two queries and two
    model instances per segment. Here the page row comes with the specific rows of the types allowed below this
    page (``subpage_types``), joined. Anything else (another type, no such child) is left to Wagtail's own route,
    which also checks ``live``. Put it after ``RoutablePageMixin`` in the bases, so that sub-URLs still win.
    """

    def route(self, request, path_components):
        if path_components:
            child = self._specific_child(path_components[0])
            if child is not None:
                # As Wagtail's route does: the parent is known, treebeard's get_parent() needs no query.
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    @classmethod
    def _child_models(cls):
        return [model for model in cls.allowed_subpage_models() if Page in model._meta.parents]

    def _specific_child(self, slug):
        models = {model._meta.model_name: model for model in self._child_models()}
        if not models:
            return None
        preloaded = getattr(self, "_route_children", None)
        if preloaded is not None:
            page = preloaded.get(slug)
            if page is None:
                return None
            model = type(page)
            return page if models.get(model._meta.model_name) is model else None
        page = self.get_children().filter(slug=slug).select_related(*models).first()
        if page is None:
            return None
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        name = model._meta.model_name if model is not None else None
        if models.get(name) is not model:
            return None
        return getattr(page, name)
