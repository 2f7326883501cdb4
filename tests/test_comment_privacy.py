"""Privacy: anonymised addresses from the right header, the daily purge, and the opt-in cookies."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from blog.comments.privacy import anonymise_ip
from blog.models import ReaderComment

from .base import ArticleTestCase, post_data, post_url, recaptcha
from .builders import build_site, make_article, make_comment


class AnonymiseTests(TestCase):
    def test_ipv4_loses_its_last_octet_and_ipv6_is_cut_to_64_bits(self):
        self.assertEqual(anonymise_ip("203.0.113.77"), "203.0.113.0")
        self.assertEqual(anonymise_ip("2001:db8:85a3:8d3:1319:8a2e:370:7348"), "2001:db8:85a3:8d3::")
        self.assertEqual(anonymise_ip("::ffff:198.51.100.23"), "198.51.100.0")
        for junk in ("", None, "unknown", "300.1.1.1", "<script>"):
            self.assertIsNone(anonymise_ip(junk))


class StoredAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index)

    def post(self, client, **extra):
        with recaptcha() as submit:
            client.post(post_url(self.article), post_data(client), **extra)
        return submit

    def test_remote_addr_is_stored_anonymised_and_forwarded_for_is_ignored_by_default(self):
        submit = self.post(Client(REMOTE_ADDR="203.0.113.77"), HTTP_X_FORWARDED_FOR="198.51.100.9")
        comment = ReaderComment.objects.get()
        self.assertEqual(comment.ip, "203.0.113.0")
        self.assertEqual(submit.call_args.kwargs["remoteip"], "203.0.113.77")

    @override_settings(COMMENTS_TRUSTED_PROXY_COUNT=1)
    def test_forwarded_for_is_used_when_one_proxy_is_trusted(self):
        self.post(
            Client(REMOTE_ADDR="10.0.0.2"),
            HTTP_X_FORWARDED_FOR="6.6.6.6, 2001:db8:abcd:12:1:2:3:4",
        )
        self.assertEqual(ReaderComment.objects.get().ip, "2001:db8:abcd:12::")

    @override_settings(COMMENTS_TRUSTED_PROXY_COUNT=1)
    def test_garbage_in_forwarded_for_stores_no_address(self):
        self.post(Client(REMOTE_ADDR="10.0.0.2"), HTTP_X_FORWARDED_FOR="<script>")
        self.assertIsNone(ReaderComment.objects.get().ip)


class PurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index)

    def test_daily_purge_forgets_addresses_after_7_days_and_deletes_spam_after_30(self):
        now = timezone.now()
        days = datetime.timedelta(days=1)
        old = make_comment(self.article, ip="203.0.113.0", user_agent="Firefox", created_at=now - 8 * days)
        new = make_comment(self.article, ip="203.0.113.0", user_agent="Firefox", created_at=now - 6 * days)
        old_spam = make_comment(self.article, status="spam", created_at=now - 31 * days)
        old_trash = make_comment(self.article, status="trash", created_at=now - 40 * days, moderated_at=now - 31 * days)
        freshly_trashed = make_comment(
            self.article, status="trash", created_at=now - 60 * days, moderated_at=now - 2 * days
        )
        old_approved = make_comment(self.article, created_at=now - 400 * days)
        out = StringIO()
        call_command("purge_comment_data", stdout=out)
        old.refresh_from_db()
        new.refresh_from_db()
        self.assertIsNone(old.ip)
        self.assertIsNone(old.user_agent)
        self.assertEqual(new.ip, "203.0.113.0")
        self.assertEqual(new.user_agent, "Firefox")
        remaining = set(ReaderComment.objects.values_list("pk", flat=True))
        self.assertNotIn(old_spam.pk, remaining)
        self.assertNotIn(old_trash.pk, remaining)
        self.assertIn(freshly_trashed.pk, remaining)
        self.assertIn(old_approved.pk, remaining)
        self.assertIn("deleted 2", out.getvalue())


class RememberCookieTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index)

    def post(self, **fields):
        with recaptcha():
            return self.client.post(post_url(self.article), post_data(self.client, **fields))

    def test_unticked_sets_no_cookie(self):
        response = self.post(name="Jürgen Groß")
        self.assertEqual(response.status_code, 302)
        self.assertFalse([name for name in response.cookies if name.startswith("comment_")])

    def test_ticked_remembers_for_a_year_lax_and_not_secure_in_development(self):
        response = self.post(name="Jürgen Groß", email="j@example.org", url="https://example.org", remember="on")
        cookie = response.cookies["comment_author"]
        self.assertEqual(cookie.value, "J%C3%BCrgen%20Gro%C3%9F")
        self.assertEqual(cookie["max-age"], 365 * 24 * 60 * 60)
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertFalse(cookie["secure"])
        self.assertEqual(response.cookies["comment_author_email"].value, "j%40example.org")
        self.assertIn("comment_author_url", response.cookies)

    @override_settings(COMMENTS_COOKIE_SECURE=True)
    def test_cookies_are_secure_in_production(self):
        response = self.post(remember="on")
        self.assertTrue(response.cookies["comment_author"]["secure"])

    def test_unticking_deletes_earlier_cookies(self):
        self.client.cookies["comment_author"] = "Alt"
        self.client.cookies["comment_author_email"] = "alt%40example.org"
        response = self.post()
        self.assertEqual(response.cookies["comment_author"].value, "")
        self.assertEqual(response.cookies["comment_author"]["max-age"], 0)
        self.assertEqual(response.cookies["comment_author_email"]["max-age"], 0)
        self.assertNotIn("comment_author_url", response.cookies)


class PersonalDataTests(ArticleTestCase):
    def test_a_commenter_can_get_their_data_and_have_it_erased(self):
        mine = make_comment(self.article, name="Jens", email="Jens@example.org", ip="203.0.113.0", text="Meins")
        other = make_comment(self.article, name="Anna", email="anna@example.org", text="Ihres")
        out = StringIO()
        call_command("comment_personal_data", "jens@example.org", "--export", stdout=out)
        self.assertIn('"text": "Meins"', out.getvalue())
        self.assertNotIn("Ihres", out.getvalue())
        call_command("comment_personal_data", "jens@example.org", "--erase", stdout=StringIO())
        mine.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((mine.name, mine.email, mine.ip, mine.text), ("Anonym", "", None, "Meins"))
        self.assertEqual(other.name, "Anna")
