"""Checks that several test modules make: what a page costs in SQL, and which language versions a page announces to
search engines."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


class QueryCountAssertions:
    """For a TestCase: a page's queries in the steady state. The first request of a process also fills Django's
    content-type cache and Wagtail's site and locale caches, and the first view of an image makes its renditions;
    readers after that pay only what is measured here."""

    def steady_queries(self, url, client=None):
        """The SQL of the second of two views of ``url`` (which must answer 200)."""
        client = client or self.client
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return queries.captured_queries

    def assertSteadyQueries(self, url, expected, client=None):
        """The second of two views of ``url`` answers 200 in exactly ``expected`` queries; return its response."""
        client = client or self.client
        client.get(url)
        with self.assertNumQueries(expected):
            response = client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response


def hreflang_alternates(html):
    """``{language: URL}`` of the page's ``<link rel="alternate" hreflang>`` tags."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
