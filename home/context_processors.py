from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Page, Site

from blog.models import BlogIndexPage
from site_project.caching.render import cached
from site_project.pages import LINK_FIELDS, site_name_in
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
    imprint, privacy = (
        LegalPages.objects.filter(site=site)
        .values_list("imprint_page__translation_key", "privacy_page__translation_key")
        .first()
    ) or (None, None)
    wanted = {"imprint_page": imprint, "privacy_page": privacy}
    localized = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(locale=locale, translation_key__in=[key for key in wanted.values() if key])
        .only(*LINK_FIELDS)
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
    blog_index = BlogIndexPage.objects.live().child_of(home).only(*LINK_FIELDS).first() if home else None
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
