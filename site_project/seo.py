"""What search engines read: the sitemap of both languages with hreflang alternates, robots.txt, structured data."""

import json
from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

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


def site_for(request):
    return Site.find_for_request(request)
