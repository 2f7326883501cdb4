"""Caching for the whole site, laid out like ``wagtail.contrib.frontend_cache``.

- ``utils``: the public API (keys, purge_page, purge_all) that other apps call.
- ``middleware``: the page cache (whole pages for anonymous readers) and the route cache.
- ``render``: render caches for what a page render needs that does not depend on the reader.
- ``backends``: the Redis cache backend that degrades to "no cache" during an outage.
- ``signal_handlers``: which content changes refresh what; connected by ``apps.CachingConfig.ready()``.
- ``templatetags.render_cache_tags``: ``{% cached_fragment %}``.
"""
