from django.db.models import F, Q, Subquery
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Page, Site

from blog.models import BlogIndexPage
from site_project.caching.render import cached
from site_project.pages import LINK_FIELDS, site_name_in
from site_project.prepared import PreparedQuery
from site_project.routing import active_locale, routed_pages

from .models import HomePage, LegalPages


def header_footer(request):
    """The active language's home page and legal pages, for the header and footer of every page.

    Lazy, so that the admin and other templates that never show them pay no query; kept in the render cache until
    the next content change.
    """
    return {"header_footer": SimpleLazyObject(lambda: _cached_header_footer(request))}


def _cached_header_footer(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"site_name": site_name_in(None, get_language())}
    return cached(request, "header_footer", (site.pk, get_language()), lambda: _header_footer(site, request))


def _header_footer(site, request=None):
    locale = active_locale(request)
    legal = {"imprint_page": None, "privacy_page": None}
    for page in LEGAL_PAGES.run(site_pk=site.pk, locale=locale.pk):
        for name, key in (("imprint_page", page.imprint_key), ("privacy_page", page.privacy_key)):
            if page.translation_key == key:
                legal[name] = page
    home = _routed_home(request, site, locale)
    if home is False:
        home = (
            HomePage.objects.live()
            .only(*LINK_FIELDS, "tagline")
            .filter(
                locale=locale, translation_key__in=Page.objects.filter(pk=site.root_page_id).values("translation_key")
            )
            .first()
        )
    blog_index = None
    if home is not None:
        found = BLOG_INDEX.run(home_pk=home.pk, home_path=home.path, child_depth=home.depth + 1)
        blog_index = found[0] if found else None
    return {
        "site_home": home,
        "site_name": site_name_in(site, locale.language_code, home),
        "blog_index": blog_index,
        **legal,
    }


def _routed_home(request, site, locale):
    """The live home page of ``locale`` (the site root's translation) when the request's route read it already
    (site_project/routing.py reads the root's translation in the active language), else None; False when the route
    did not read the pages of this site and language."""
    pages = routed_pages(request, site, locale)
    if pages is None:
        return False
    home = next(
        (
            page
            for page in pages
            if page.translation_key == site.root_page.translation_key and page.locale_id == locale.pk
        ),
        None,
    )
    return home if isinstance(home, HomePage) and home.live else None


def _legal_key(site_pk, field):
    return Subquery(LegalPages.objects.filter(site_id=site_pk).order_by("pk").values(f"{field}__translation_key")[:1])


# Compiled once per process (site_project/prepared.py): read on every page render.
# The site's legal pages in the active language, with the setting's translation keys, in one query.
LEGAL_PAGES = PreparedQuery(
    lambda site_pk, locale: (
        Page.objects.live()
        .annotate(imprint_key=_legal_key(site_pk, "imprint_page"), privacy_key=_legal_key(site_pk, "privacy_page"))
        .filter(Q(translation_key=F("imprint_key")) | Q(translation_key=F("privacy_key")), locale_id=locale)
        .only(*LINK_FIELDS)
    ),
    site_pk=int,
    locale=int,
)
# BlogIndexPage.objects.live().child_of(home).first(), with the child's depth as a value of its own.
BLOG_INDEX = PreparedQuery(
    lambda home_pk, home_path, child_depth: (
        BlogIndexPage.objects.live()
        .filter(path__startswith=home_path, depth=child_depth)
        .exclude(pk=home_pk)
        .only(*LINK_FIELDS)
        .order_by("path")[:1]
    ),
    home_pk=int,
    home_path=str,
    child_depth=int,
)
