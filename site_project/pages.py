"""What every app reads of Wagtail's pages and sites: the fields a link needs, and the site's name per language."""

from django.conf import settings

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
