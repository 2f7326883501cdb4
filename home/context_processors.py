import uuid

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
    # The setting and its pages' translation keys in one query.
    imprint, privacy = next(iter(LEGAL_KEYS.run(site_pk=site.pk)), None) or (None, None)
    wanted = {"imprint_page": imprint, "privacy_page": privacy}
    keys = [key for key in wanted.values() if key]
    localized = {
        page.translation_key: page
        for page in (LEGAL_PAGES.run(locale=locale.pk, first=keys[0], second=keys[-1]) if keys else [])
    }
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
    context = {"site_home": home, "site_name": site_name_in(site, locale.language_code, home), "blog_index": blog_index}
    for name, key in wanted.items():
        context[name] = localized.get(key)
    return context


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


# Compiled once per process (site_project/prepared.py): read on every page render.
LEGAL_KEYS = PreparedQuery(
    lambda site_pk: (
        LegalPages.objects.filter(site_id=site_pk)
        .order_by("pk")
        .values_list("imprint_page__translation_key", "privacy_page__translation_key")[:1]
    ),
    site_pk=int,
)


# One or two keys: with one, it stands for both.
LEGAL_PAGES = PreparedQuery(
    lambda locale, first, second: (
        Page.objects.live().filter(locale_id=locale, translation_key__in=[first, second]).only(*LINK_FIELDS)
    ),
    locale=int,
    first=uuid.UUID,
    second=uuid.UUID,
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
