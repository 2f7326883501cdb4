from django.apps import AppConfig


class SiteProjectConfig(AppConfig):
    """The site-wide machinery every app uses: security headers, health checks, error views, SEO, languages."""

    name = "site_project"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401
        from .prepared import use_preparing_cursors

        connection_created.connect(use_preparing_cursors, dispatch_uid="site_project_preparing_cursors")
