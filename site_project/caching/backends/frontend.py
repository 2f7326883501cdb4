"""Frontend cache backends for ``WAGTAILFRONTENDCACHE`` that purge by cache tag, where Wagtail's purge only URLs.

The page cache puts the tags of each page in the ``xkey`` and ``Cache-Tag`` response headers; a purge names the
tags a change touched (``site_project.caching.utils.purge``), and the frontend cache forgets every page carrying
one of them. A failed purge raises, so that the caller keeps it and tries again (Wagtail's backends only log).
"""

from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.cloudflare import CloudflareBackend
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

import requests


class XkeyHTTPBackend(HTTPBackend):
    """Varnish with vmod_xkey (deploy/varnish/default.vcl): ``PURGE`` with an ``xkey-purge`` header of the tags.

    ``LOCATION`` is Varnish's address as the app servers reach it; URLs are purged as by Wagtail's HTTPBackend.
    """

    # Varnish reads the header line; keep each request well under its limit.
    TAGS_PER_REQUEST = 200

    def __init__(self, params):
        location = params["LOCATION"]
        super().__init__(params)
        self.location = location
        self.timeout = float(params.pop("TIMEOUT", 5))

    def purge_tags(self, tags):
        parts = urlsplit(self.location)
        url = urlunsplit([parts.scheme, parts.netloc, "/", "", ""])
        for start in range(0, len(tags), self.TAGS_PER_REQUEST):
            request = PurgeRequest(
                url=url,
                headers={
                    "xkey-purge": " ".join(tags[start : start + self.TAGS_PER_REQUEST]),
                    "User-Agent": "Wagtail-frontendcache/" + __version__,
                },
            )
            # Raises on an error status or an unreachable Varnish.
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - the scheme comes from the configured LOCATION
                pass


class CloudflareTagBackend(CloudflareBackend):
    """Cloudflare, purging by ``Cache-Tag`` (available on Cloudflare's Enterprise plan) as well as by URL."""

    TAGS_PER_REQUEST = 30

    def purge_tags(self, tags):
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        for start in range(0, len(tags), self.TAGS_PER_REQUEST):
            response = requests.post(
                self.cloudflare_purge_endpoint_url,
                json={"tags": tags[start : start + self.TAGS_PER_REQUEST]},
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
            if not response.json().get("success"):
                raise RuntimeError(f"Cloudflare refused the tag purge: {response.json().get('errors')}")
