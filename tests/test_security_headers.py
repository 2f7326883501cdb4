"""Security headers: a strict nonce-based Content-Security-Policy on the public site, reCAPTCHA's hosts only where
the comment form is, the admin's own policy, and the other protective headers on every response."""

import re

from django.test import TestCase, override_settings

from . import pagecache_urls
from .utils import build_site, make_article


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (item.strip() for item in policy.split(";")) if part}


class PublicPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        make_article(cls.blog_index, title="Kunden lieben", slug="kunden-lieben")

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
        for host in ("https://www.google.com", "https://www.gstatic.com", "https://www.recaptcha.net"):
            self.assertIn(host, policy["script-src"])
        self.assertIn("https://www.google.com", policy["frame-src"])
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


class CommentFormPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        make_article(cls.blog_index, title="Mit Kommentaren", slug="mit-kommentaren")

    def test_article_with_the_comment_form_allows_recaptcha(self):
        response = self.client.get("/artikel/mit-kommentaren/")
        self.assertContains(response, "data-recaptcha")
        policy = directives(response)
        self.assertIn("https://www.google.com", policy["script-src"])
        self.assertIn("https://www.gstatic.com", policy["script-src"])
        self.assertIn("https://www.google.com", policy["frame-src"])
