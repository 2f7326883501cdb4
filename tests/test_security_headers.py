"""Security headers: a strict nonce-based Content-Security-Policy on the public site, reCAPTCHA's hosts only where
the comment form is, the admin's own policy, and the other protective headers on every response."""

import re

from django.test import TestCase, override_settings

from . import pagecache_urls
from .base import SiteTestCase
from .builders import build_site, make_article


def directives(response, header="Content-Security-Policy"):
    policy = response[header]
    return {part.split()[0]: part.split()[1:] for part in (item.strip() for item in policy.split(";")) if part}


class PublicPolicyTests(SiteTestCase):
    def test_public_pages_allow_scripts_only_from_this_site_or_with_a_nonce(self):
        for path in ("/", "/artikel/", "/artikel/kunden-lieben/", "/suche/?q=Kunden", "/en/"):
            with self.subTest(path=path):
                policy = directives(self.client.get(path))
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertIn("'self'", policy["script-src"])
                self.assertNotIn("'unsafe-inline'", policy["script-src"])
                self.assertNotIn("'unsafe-eval'", policy["script-src"])
                self.assertNotIn("'unsafe-inline'", policy["style-src"])
                self.assertEqual(policy["object-src"], ["'none'"])

                self.assertEqual(policy["frame-ancestors"], ["'self'"])

    def test_recaptcha_is_not_allowed_on_pages_without_the_comment_form(self):
        for path in ("/", "/artikel/", "/suche/?q=Kunden"):
            policy = self.client.get(path)["Content-Security-Policy"]
            for host in ("www.google.com", "www.gstatic.com", "www.recaptcha.net"):
                self.assertNotIn(host, policy, path)

    @override_settings(ROOT_URLCONF=pagecache_urls)
    def test_page_with_the_comment_form_allows_recaptcha_and_its_inline_scripts_carry_the_nonce(self):
        response = self.client.get("/test-form/")
        policy = directives(response)
        for source in ("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"):
            self.assertIn(source, policy["script-src"])
        self.assertIn("https://www.google.com/recaptcha/", policy["frame-src"])
        nonce = re.search(r"'nonce-([^']+)'", " ".join(policy["script-src"])).group(1)
        self.assertEqual(set(re.findall(r'nonce="([^"]+)"', response.content.decode())), {nonce})
        self.assertNotEqual(
            nonce, re.search(r"'nonce-([^']+)'", self.client.get("/test-form/")["Content-Security-Policy"]).group(1)
        )

    def test_protective_headers_are_sent(self):
        response = self.client.get("/artikel/kunden-lieben/")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "browsing-topics=()", "payment=()"):
            self.assertIn(feature, permissions)

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
    def test_https_responses_carry_hsts(self):
        response = self.client.get("/artikel/kunden-lieben/", secure=True)
        self.assertEqual(response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")


class AdminPolicyTests(TestCase):
    def test_admin_gets_its_own_policy_that_still_blocks_other_hosts(self):
        response = self.client.get("/admin/login/")
        policy = directives(response)
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["script-src"], ["'self'", "'unsafe-inline'"])
        self.assertNotIn("nonce", response["Content-Security-Policy"])
        self.assertEqual(policy["object-src"], ["'none'"])

    def test_admin_reports_what_the_strict_policy_would_block(self):
        """Wagtail's and wagtail-localize's admin still need inline code (docs/deployment.md lists what): the
        public site's strict rules go beside the enforced policy as report-only, so each blocker shows in the
        browser's console until it is gone."""
        response = self.client.get("/admin/login/")
        report_only = directives(response, "Content-Security-Policy-Report-Only")
        self.assertEqual(report_only["script-src"], ["'self'"])
        self.assertEqual(report_only["style-src"], ["'self'"])
        self.assertEqual(report_only["object-src"], ["'none'"])
        self.assertNotIn("Content-Security-Policy-Report-Only", self.client.get("/"))


class CommentFormPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        make_article(cls.blog_index, title="Mit Kommentaren", slug="mit-kommentaren")

    def test_article_with_the_comment_form_allows_recaptcha(self):
        response = self.client.get("/artikel/mit-kommentaren/")
        self.assertContains(response, "data-recaptcha")
        policy = directives(response)
        self.assertIn("https://www.google.com/recaptcha/", policy["script-src"])
        self.assertIn("https://www.gstatic.com/recaptcha/", policy["script-src"])
        self.assertIn("https://www.google.com/recaptcha/", policy["frame-src"])

    def test_recaptcha_is_allowed_by_path_not_the_whole_of_googles_hosts(self):
        """www.google.com's JSONP endpoints could carry an injected script past a policy naming the whole host."""
        response = self.client.get("/artikel/mit-kommentaren/")
        for directive, sources in directives(response).items():
            for source in sources:
                self.assertFalse(
                    re.fullmatch(r"https://[^/]*(google|gstatic|recaptcha)[^/]*/?", source), f"{directive}: {source}"
                )
