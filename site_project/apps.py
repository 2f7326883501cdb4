from django.apps import AppConfig


class SiteProjectConfig(AppConfig):
    """The site-wide machinery every app uses: security headers, health checks, error views, SEO, languages."""

    name = "site_project"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401
        from .pages import remember_page_urls_per_request
        from .prepared import use_preparing_cursors

        # Before site_project.caching wraps it again to tag the pages a render links, so that a remembered URL is
        # still tagged.
        remember_page_urls_per_request()

        connection_created.connect(use_preparing_cursors, dispatch_uid="site_project_preparing_cursors")
