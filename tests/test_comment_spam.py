"""Spam and abuse: reCAPTCHA, Google failing, honeypot, flood control, duplicates, limits, parents, drafts, CSRF,
hostile input."""

import datetime
import json
import logging
import time
import urllib.error

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

from blog.comments.captcha import UNVERIFIED, CommentCaptchaField, LazyReCaptchaV2Checkbox, LazyReCaptchaV3
from blog.comments.forms import CommentForm, sign_start
from blog.models import CommentFloodMark, CommentSettings, ReaderComment

from .base import ArticleTestCase, form_values, post_data, post_url, recaptcha
from .builders import make_article, make_comment

HELD_LOCATION = r"^/artikel/[^?]+/\?unapproved=[\w:-]+#comment-\d+$"


class CommentTestCase(ArticleTestCase):
    def post(self, client=None, language="", **fields):
        with recaptcha():
            return (client or self.client).post(
                post_url(self.article, language), post_data(client or self.client, **fields)
            )


class RecaptchaTests(CommentTestCase):
    def test_v2_checkbox_by_default_with_keys_from_settings(self):
        field = CommentForm().fields["captcha"]
        self.assertIsInstance(field.widget, LazyReCaptchaV2Checkbox)
        self.assertEqual(field.public_key, settings.RECAPTCHA_PUBLIC_KEY)

    @override_settings(
        RECAPTCHA_VERSION="v3",
        RECAPTCHA_V3_ACTION="comment",
        RECAPTCHA_V3_SCORE_THRESHOLD=0.7,
        COMMENTS_FLOOD_SECONDS=0,
    )
    def test_v3_by_setting_checks_action_and_score(self):
        field = CommentForm().fields["captcha"]
        self.assertIsInstance(field.widget, LazyReCaptchaV3)
        self.assertEqual(field.widget.action, "comment")
        from django_recaptcha.client import RecaptchaResponse

        with recaptcha() as submit:
            submit.return_value = RecaptchaResponse(is_valid=True, extra_data={"score": 0.3}, action="comment")
            response = self.client.post(post_url(self.article), post_data(self.client, captcha="token"))
        # A low score is held for a moderator, not refused.
        self.assertRegex(response["Location"], HELD_LOCATION)
        low = ReaderComment.objects.get()
        self.assertEqual((low.status, low.unverified), (ReaderComment.Status.PENDING, False))
        low.delete()
        with recaptcha() as submit:
            submit.return_value = RecaptchaResponse(is_valid=True, extra_data={"score": 0.9}, action="comment")
            response = self.client.post(post_url(self.article), post_data(self.client, captcha="token"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ReaderComment.objects.count(), 1)

    def test_rejected_token_gives_a_german_error_and_keeps_the_text_a_missing_one_is_held(self):
        with recaptcha(valid=False):
            response = self.client.post(post_url(self.article), post_data(self.client, text="Mein langer Text"))
        self.assertContains(response, "Die Spam-Prüfung ist fehlgeschlagen.")
        self.assertContains(response, "Mein langer Text")
        with recaptcha():
            response = self.client.post(
                post_url(self.article), post_data(self.client, **{"g-recaptcha-response": None})
            )
        # No reCAPTCHA at all (declined, blocked, no JavaScript): held for a moderator, marked unverified.
        self.assertRegex(response["Location"], HELD_LOCATION)
        held = ReaderComment.objects.get()
        self.assertEqual((held.status, held.unverified), (ReaderComment.Status.PENDING, True))

    def test_verification_timeout_is_at_most_five_seconds(self):
        self.assertLessEqual(settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT, 5)

    def test_page_html_has_no_script_from_google(self):
        content = self.client.get(self.article.url).content.decode()
        self.assertNotIn('<script src="https://www.google.com', content)
        self.assertNotIn("recaptcha/api.js", content)
        self.assertIn('data-sitekey="', content)

    def test_dev_and_test_settings_silence_only_the_test_key_check(self):
        self.assertEqual(settings.SILENCED_SYSTEM_CHECKS, ["django_recaptcha.recaptcha_test_key_error"])


@override_settings(COMMENTS_FLOOD_SECONDS=0)
class GoogleUnavailableTests(CommentTestCase):
    def test_every_kind_of_failure_holds_the_comment_unverified_for_a_moderator(self):
        failures = {
            "unreachable": urllib.error.URLError("Name or service not known"),
            "timeout": TimeoutError("timed out"),
            "refused": ConnectionRefusedError(111, "Connection refused"),
            "5xx": urllib.error.HTTPError("https://www.google.com", 503, "Service Unavailable", {}, None),
            "garbage": json.JSONDecodeError("Expecting value", "<html>", 0),
            "no success key": KeyError("success"),
        }
        for label, error in failures.items():
            with self.subTest(label), self.assertLogs("blog.comments.captcha", level="WARNING") as logs:
                with recaptcha(side_effect=error):
                    response = self.client.post(
                        post_url(self.article), post_data(self.client, text=f"Text bei {label}")
                    )
                self.assertRegex(response["Location"], HELD_LOCATION)
                comment = ReaderComment.objects.get(text=f"Text bei {label}")
                self.assertEqual((comment.status, comment.unverified), (ReaderComment.Status.PENDING, True))
                self.assertEqual(len(logs.records), 1)

    def test_only_one_warning_reaches_the_log(self):
        with self.assertLogs(level="WARNING") as logs, recaptcha(side_effect=TimeoutError("timed out")):
            self.client.post(post_url(self.article), post_data(self.client))
        self.assertEqual(len([record for record in logs.records if record.levelno >= logging.WARNING]), 1)

    def test_the_field_catches_what_django_recaptcha_does_not(self):
        field = CommentCaptchaField()
        with (
            recaptcha(side_effect=urllib.error.URLError("down")),
            self.assertLogs("blog.comments.captcha"),
        ):
            self.assertEqual(field.clean("token"), UNVERIFIED)


class HoneypotAndFillTimeTests(CommentTestCase):
    def test_bots_get_the_held_answer_and_nothing_is_stored(self):
        human = self.post(text="Echter Kommentar")
        self.assertRegex(human["Location"], HELD_LOCATION)
        ReaderComment.objects.all().delete()
        bot_answers = [
            self.post(fax_number="+49 30 123456"),
            self.post(started=sign_start(time.time())),
            self.post(started="forged"),
            self.post(started=None),
        ]
        for response in bot_answers:
            self.assertEqual(response.status_code, human.status_code)
            self.assertRegex(response["Location"], HELD_LOCATION)
        self.assertFalse(ReaderComment.objects.exists())


class FloodTests(CommentTestCase):
    def test_second_comment_within_fifteen_seconds_gets_429(self):
        self.assertEqual(self.post(email="a@example.org").status_code, 302)
        response = self.post(email="b@example.org", text="Gleiche IP, andere Adresse")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Sie kommentieren zu schnell. Bitte warten Sie einen Moment.", status_code=429)
        self.assertContains(response, "Gleiche IP, andere Adresse", status_code=429)
        other = Client(REMOTE_ADDR="203.0.113.9")
        self.assertEqual(self.post(client=other, email="c@example.org").status_code, 302)
        self.assertEqual(ReaderComment.objects.count(), 2)

    def test_same_email_from_another_address_is_held_back_too(self):
        self.post(email="a@example.org")
        client = Client(REMOTE_ADDR="198.51.100.7")
        self.assertEqual(self.post(client=client, email="A@example.org").status_code, 429)

    def test_english_readers_get_english(self):
        self.post(language="en")
        response = self.post(language="en")
        self.assertContains(response, "You are commenting too quickly. Please wait a moment.", status_code=429)

    def test_after_fifteen_seconds_it_is_fine(self):
        self.post(email="a@example.org")
        ReaderComment.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=16))
        CommentFloodMark.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=16))
        self.assertEqual(self.post(email="a@example.org", text="Später").status_code, 302)

    def test_editors_are_exempt(self):
        editor = get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", "geheim")
        self.client.force_login(editor)
        for number in range(3):
            self.assertEqual(self.post(text=f"Antwort {number}").status_code, 302)
        self.assertEqual(ReaderComment.objects.approved().filter(is_author_reply=True, user=editor).count(), 3)


class DuplicateTests(CommentTestCase):
    def test_same_text_from_same_email_is_refused_once_stored(self):
        make_comment(
            self.article,
            email="a@example.org",
            text="Genau dieser Text",
            created_at=timezone.now() - datetime.timedelta(hours=1),
        )
        response = self.post(email="a@example.org", text="Genau dieser Text")
        self.assertContains(response, "Diesen Kommentar haben Sie bereits geschrieben.")
        self.assertEqual(ReaderComment.objects.filter(text="Genau dieser Text").count(), 1)


class LimitTests(CommentTestCase):
    def test_limits_have_german_messages_and_keep_the_typed_text(self):
        cases = {
            "name": ("n" * 246, "Ihr Name ist zu lang"),
            "email": ("e" * 95 + "@example.org", "Ihre E-Mail-Adresse ist zu lang"),
            "url": ("https://example.org/" + "u" * 190, "Ihre Webadresse ist zu lang"),
            "text": ("t" * 10_001, "Ihr Kommentar ist zu lang"),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field):
                response = self.post(**{field: value, "text": "Behalten Sie mich" if field != "text" else value})
                self.assertContains(response, message)
                self.assertContains(response, "Behalten Sie mich" if field != "text" else "t" * 100)
        self.assertFalse(ReaderComment.objects.exists())

    def test_exact_limits_are_accepted(self):
        response = self.post(name="n" * 245, text="t" * 10_000, url="https://example.org/" + "u" * 180)
        self.assertEqual(response.status_code, 302)

    def test_only_http_and_https_websites(self):
        for value in (
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.org",
        ):
            with self.subTest(value):
                response = self.post(url=value)
                self.assertContains(response, "Bitte geben Sie eine Webadresse ein, die mit http:// oder https://")
        self.assertFalse(ReaderComment.objects.exists())

    def test_empty_or_whitespace_text_is_refused(self):
        for value in ("", "   \n  "):
            with self.subTest(repr(value)):
                self.assertContains(self.post(text=value), "Bitte schreiben Sie einen Kommentar.")


class ParentTests(CommentTestCase):
    def test_parent_must_be_an_approved_comment_of_the_same_article(self):
        other = make_article(self.blog_index)
        foreign = make_comment(other)
        pending = make_comment(self.article, status="pending")
        spam = make_comment(self.article, status="spam")
        for parent in (foreign.pk, pending.pk, spam.pk, 999999):
            with self.subTest(parent=parent):
                response = self.post(parent=str(parent))
                self.assertContains(response, "Der Kommentar, auf den Sie antworten möchten, ist nicht verfügbar.")
        self.assertEqual(ReaderComment.objects.count(), 3)
        for value in ("abc", "-1", "1e9"):
            with self.subTest(parent=value):
                self.assertContains(self.post(parent=value), "ist nicht verfügbar")

    def test_replies_beyond_the_maximum_attach_at_the_maximum_depth(self):
        CommentSettings.objects.create(site=self.home.get_site(), max_depth=3)
        first = make_comment(self.article)
        second = make_comment(self.article, parent=first)
        third = make_comment(self.article, parent=second)
        self.post(parent=str(third.pk), text="Zu tief")
        reply = ReaderComment.objects.get(text="Zu tief")
        self.assertEqual(reply.parent, second)
        self.assertEqual(reply.depth, 3)


class UnavailableArticleTests(CommentTestCase):
    def test_drafts_and_private_articles_take_no_comments(self):
        draft = make_article(self.blog_index)
        draft.unpublish()
        private = make_article(self.blog_index)
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="geheim")
        for article in (draft, private):
            with self.subTest(article=article.title), recaptcha():
                response = self.client.post(post_url(article), post_data(self.client))
                self.assertEqual(response.status_code, 404)
        self.assertFalse(ReaderComment.objects.exists())

    def test_csrf_is_enforced(self):
        client = Client(enforce_csrf_checks=True)
        with recaptcha():
            response = client.post(post_url(self.article), post_data(client))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ReaderComment.objects.exists())

    def test_a_comment_that_fails_the_csrf_check_comes_back_with_its_text_and_a_message(self):
        """An old tab, refused cookies or a session changed in another tab: the reader keeps what they wrote."""
        client = Client(enforce_csrf_checks=True)
        for language, message in (
            ("", "Ihr Kommentar konnte nicht gesendet werden, weil die Sicherheitsprüfung"),
            ("en", "Your comment could not be sent because the form&#x27;s security check"),
        ):
            with self.subTest(language=language or "de"), recaptcha() as submit:
                response = client.post(
                    post_url(self.article, language),
                    post_data(text="Mein <b>langer</b> Kommentar", name="Petra Hansen", csrfmiddlewaretoken="alt"),
                )
                self.assertContains(response, message, status_code=403)
                self.assertContains(response, "Mein &lt;b&gt;langer&lt;/b&gt; Kommentar</textarea>", status_code=403)
                self.assertContains(response, 'value="Petra Hansen"', status_code=403)
                self.assertContains(response, 'role="alert"', status_code=403)
                # Neither checked nor spent: the reader's reCAPTCHA answer is not sent to Google.
                submit.assert_not_called()
        self.assertFalse(ReaderComment.objects.exists())

    def test_the_form_values_are_given_in_both_languages_and_only_to_get(self):
        for language in ("", "en"):
            values = form_values(self.client, language)
            self.assertEqual(set(values), {"csrfmiddlewaretoken", "started"})
        self.assertEqual(self.client.post("/kommentare/formular-token/").status_code, 405)

    def test_other_csrf_failures_get_djangos_page(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/admin/login/", {"username": "x", "password": "y"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "CSRF", status_code=403)

    def test_get_on_the_post_address_is_not_an_error_page(self):
        self.assertIn(self.client.get(post_url(self.article)).status_code, {302, 405})


HOSTILE = {
    "name": '<script>alert("name")</script>\u202egnp.exe<img src=x onerror=alert(1)>',
    "email": "hostile@example.org",
    "url": "https://example.org/\"><script>alert('url')</script>",
    "text": (
        "<script>alert('text')</script>\n<img src=x onerror=alert(2)>\n"
        '<a href="javascript:alert(3)">klick</a> javascript:alert(4)\n\u202eesrever\x00NUL\n' + "W" * 10_00
    ),
}


class HostileInputTests(CommentTestCase):
    def test_hostile_input_is_harmless_on_the_page_in_the_admin_and_in_the_mail(self):
        CommentSettings.objects.create(site=self.home.get_site(), moderator_emails="moderation@example.org")
        with self.captureOnCommitCallbacks(execute=True):
            self.post(**HOSTILE)
        comment = ReaderComment.objects.get()
        self.assertNotIn("\x00", comment.text)
        self.assertNotIn("\u202e", comment.name + comment.text)
        ReaderComment.objects.update(status="approved")
        for response in (
            self.client.get(self.article.url),
            self._admin().get("/admin/snippets/blog/readercomment/"),
            self._admin().get(f"/admin/snippets/blog/readercomment/edit/{comment.pk}/"),
        ):
            content = response.content.decode()
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("<script>alert", content)
            self.assertNotIn("<img src=x", content)
            self.assertNotIn('href="javascript:', content)
        page = self.client.get(self.article.url).content.decode()
        self.assertIn("&lt;script&gt;alert(&#x27;text&#x27;)&lt;/script&gt;", page)
        message = mail.outbox[0]
        self.assertNotIn("\n", message.subject)
        self.assertEqual(message.content_subtype, "plain")
        self.assertFalse(getattr(message, "alternatives", None))  # plain text, no HTML part

    def test_characters_xml_forbids_never_reach_the_database(self):
        """U+FFFE, U+FFFF and the other noncharacters are invisible to a moderator, and one of them in an approved
        comment made its article's feeds unreadable: they are removed from every field as the comment arrives."""
        self.post(name="Jörg\ufffe Müller\uffff", text="Guter\ufdd0 Beitrag\U0010ffff, danke\x0b!")
        comment = ReaderComment.objects.get()
        self.assertEqual(comment.name, "Jörg Müller")
        self.assertEqual(comment.text, "Guter Beitrag, danke!")

    def test_zalgo_marks_are_cut_to_what_real_scripts_use(self):
        """320 combining marks on one letter drew over the comments around it; Vietnamese keeps its two."""
        self.post(
            name="Z" + "\u0336\u0301" * 160 + "oe", text="Tiếng Việt: Hà Nội " + "a\u0489" * 3 + "x" + "\u0300" * 320
        )
        comment = ReaderComment.objects.get()
        self.assertEqual(comment.name, "Z\u0336\u0301\u0336\u0301oe")
        self.assertEqual(comment.text, "Tiếng Việt: Hà Nội " + "a\u0489" * 3 + "x" + "\u0300" * 4)

    def test_url_with_quotes_cannot_break_out_of_the_attribute(self):
        self.post(url="https://example.org/?q=\"onmouseover='alert(1)'")
        ReaderComment.objects.update(status="approved")
        content = self.client.get(self.article.url).content.decode()
        self.assertNotIn("\"onmouseover='alert(1)'", content)

    def _admin(self):
        if not hasattr(self, "_admin_client"):
            user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
            self._admin_client = Client()
            self._admin_client.force_login(user)
        return self._admin_client
