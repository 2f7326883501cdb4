"""``manage.py refresh_page_cache``: make every cached page and render-cache entry stale at once, on every server.

Run it after a release that changes templates or models: entries stored by the old code would otherwise be served
until the next content change (at most ``PAGE_CACHE_TIMEOUT``).
"""

from django.core.management.base import BaseCommand

from site_project.caching.utils import ALL, carry_out


class Command(BaseCommand):
    help = "Refresh the page cache and the render caches on every app server (after a release)."

    def handle(self, *args, **options):
        carry_out({ALL})
        self.stdout.write("Page cache and render caches refreshed.")
