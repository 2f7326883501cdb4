from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from site_project import seo
from site_project import views as site_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("sitemap-<section>.xml", seo.sitemap_section, name="sitemap-section"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", site_views.favicon, name="favicon"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    # Runs without a web server in front (benchmarks, a quick trial); production serves media from nginx/Caddy.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# German at "/", English at "/en/": the default language carries no prefix.
urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    path("", include("blog.comments.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "site_project.views.page_not_found"
handler500 = "site_project.views.server_error"
