"""What search engines read: the sitemap of both languages with hreflang alternates, robots.txt, structured data, and
the one rule for a page's title and description (``<title>``, ``<meta name="description">``, Open Graph, Twitter and
JSON-LD all show what these functions decide; templates only show it)."""

import json
from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class MultilingualSitemap(Sitemap):
    """Every live public page of every language of the site, with links to its translations (hreflang)."""

    limit = 2000

    def items(self):
        site = self.get_wagtail_site()
        homes = site.root_page.get_translations(inclusive=True)
        in_site = Q()
        for path in homes.values_list("path", flat=True):
            in_site |= Q(path__startswith=path)
        return Page.objects.live().public().filter(in_site).order_by("path").defer_streamfields()

    def _urls(self, page, protocol, domain):
        object_list = list(self.paginator.page(page).object_list)
        keys = {item.translation_key for item in object_list}
        translations = defaultdict(list)
        others = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=keys)
            .select_related("locale")
            .only("pk", "url_path", "path", "depth", "translation_key", "locale__language_code", "locale_id")
        )
        for other in others:
            url = other.get_full_url(self.request)
            if url:
                translations[other.translation_key].append({"lang_code": other.locale.language_code, "location": url})
        urls = []
        last_mods = set()
        for item in object_list:
            location = item.get_full_url(self.request)
            if not location:
                continue
            alternates = sorted(translations[item.translation_key], key=lambda alternate: alternate["lang_code"])
            if len(alternates) > 1:
                default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
                if default:
                    alternates = [*alternates, {"lang_code": "x-default", "location": default["location"]}]
            else:
                alternates = []
            lastmod = item.last_published_at or item.latest_revision_created_at
            last_mods.add(lastmod)
            urls.append({"item": item, "location": location, "lastmod": lastmod, "alternates": alternates})
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    """``/sitemap.xml``: the URL set itself, or an index of numbered parts once the site outgrows one part."""
    sitemaps = {"pages": MultilingualSitemap(request)}
    if sitemaps["pages"].paginator.num_pages > 1:
        return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section")
    return sitemap_views.sitemap(request, sitemaps)


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, {"pages": MultilingualSitemap(request)}, section=section)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def json_ld(data):
    """``<script type="application/ld+json">`` whose content cannot end the script element early."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


# Search engines show about 160 characters; an archive's description (a category's, an author's bio) may be long.
DESCRIPTION_MAX_LENGTH = 300


def page_title(page, archive=None):
    """A page's own title (og:title, twitter:title, the start of ``<title>``): an archive's heading on its archive
    page, else the SEO title, else the title."""
    if archive is not None and archive.kind != "all":
        return archive.heading
    return page.seo_title or page.title


def document_title(page, site_name, archive=None, page_number=1, is_home=False):
    """``<title>``: the page's title, the page number beyond the first, and the site's name; on a language's home
    page the site's name and the tagline."""
    if is_home:
        name = site_name or page.title
        tagline = getattr(page, "tagline", "")
        return f"{name} – {tagline}" if tagline else name
    title = page_title(page, archive)
    if page_number and page_number > 1:
        title += " – " + _("Page %(number)s") % {"number": page_number}
    return f"{title} – {site_name}" if site_name else title


def page_description(page, archive=None):
    """The one description of a page, for ``<meta name="description">``, og:description, twitter:description and
    JSON-LD: an archive's own description on its archive page, else the editors' search description, else the
    page's teaser or introduction, else its tagline (the home page)."""
    if archive is not None and archive.kind != "all" and archive.description:
        return Truncator(archive.description).chars(DESCRIPTION_MAX_LENGTH)
    return page.search_description or getattr(page, "intro", "") or getattr(page, "tagline", "") or ""
