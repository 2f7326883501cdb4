from django.apps import AppConfig


class SiteProjectConfig(AppConfig):
    """The site-wide machinery every app uses: security headers, health checks, error views, SEO, languages."""

    name = "site_project"

    def ready(self):
        from . import checks  # noqa: F401
