"""What every app reads of Wagtail's pages and sites: the fields a link needs, and the site's name per language."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from wagtail.models import Page

# What a link to a page needs (its URL, title and language) and no more: a full page row costs a render far more
# Python in building the query and the instance than the database spends reading it.
LINK_FIELDS = ("pk", "title", "url_path", "path", "depth", "locale_id", "slug", "translation_key")


def site_name_in(site, language_code, home=None):
    """The site's name as readers of ``language_code`` see it, ``home`` being that language's home page.

    In the default language it is the site's name (Settings › Sites). That field has no translations, so in another
    language it is the title the translators gave that language's home page. Without either: ``WAGTAIL_SITE_NAME``.
    """
    if home is not None and language_code != settings.LANGUAGE_CODE:
        return home.title
    return (site.site_name if site else "") or (home.title if home else "") or settings.WAGTAIL_SITE_NAME


def remember_page_urls_per_request():
    """Work out each page's URL once per request.

    A render asks for the same few pages' URLs again and again (an article's own for its canonical link, its
    structured data, its language links and its comment form; the article list's for the menu, the breadcrumbs and
    every category and tag link): 29 times for 11 pages on an article. Wagtail works each out anew (the site's root
    paths, the language override, ``reverse()``), about 7 % of an uncached article's Python. The answer depends on the
    page's path, the language and the request's sites, so it is kept on the request under the page, its path and the
    language: a page moved or renamed during the request has another path and is worked out again.
    """
    original = Page.get_url_parts
    if getattr(original, "_per_request", False):
        return

    def get_url_parts(self, request=None):
        if self.pk is None or not isinstance(request, HttpRequest):
            return original(self, request)
        try:
            known = request._page_url_parts
        except AttributeError:
            known = request._page_url_parts = {}
        key = (self.pk, self.url_path, get_language())
        try:
            return known[key]
        except KeyError:
            parts = known[key] = original(self, request)
            return parts

    get_url_parts._per_request = True
    Page.get_url_parts = get_url_parts
