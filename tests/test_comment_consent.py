"""Nobody who wants to comment is turned away: without reCAPTCHA (declined, blocked, no JavaScript, Google down or
slow) a comment is held for a moderator and marked; ids, start times, flood control and refusals that hold up
against hostile readers."""

import datetime
import os
import runpy
import threading
import time
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.utils import timezone

from blog.comments.forms import sign_start
from blog.models import CommentFloodMark, CommentSettings, ReaderComment

from .base import ArticleTestCase, csrf_secret_of, post_data, post_url, recaptcha
from .builders import make_comment

HELD_LOCATION = r"^/artikel/[^?]+/\?unapproved=[\w:-]+#comment-\d+$"
NO_CAPTCHA = {"g-recaptcha-response": None}


class ConsentTestCase(ArticleTestCase):
    def post(self, client=None, language="", **fields):
        client = client or self.client
        with recaptcha():
            return client.post(post_url(self.article, language), post_data(client, **fields))


class WithoutRecaptchaTests(ConsentTestCase):
    def test_a_known_commenter_without_recaptcha_is_still_held_and_marked(self):
        an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
        make_comment(self.article, name="Petra Hansen", email="petra@example.org", created_at=an_hour_ago)
        response = self.post(email="petra@example.org", text="Ohne Google", **NO_CAPTCHA)
        self.assertRegex(response["Location"], HELD_LOCATION)
        comment = ReaderComment.objects.get(text="Ohne Google")
        self.assertEqual(comment.status, ReaderComment.Status.PENDING)
        self.assertTrue(comment.unverified)
        # With Google's check the same commenter is approved at once, as before.
        CommentFloodMark.objects.all().delete()
        ReaderComment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
        verified = self.post(email="petra@example.org", text="Mit Google")
        self.assertEqual(verified.status_code, 302, verified.content.decode().split('role="alert"')[-1][:300])
        self.assertNotIn("unapproved", verified["Location"])
        self.assertFalse(ReaderComment.objects.get(text="Mit Google").unverified)

    def test_local_checks_still_apply_without_recaptcha(self):
        CommentSettings.objects.create(site=self.home.get_site(), block_keywords="viagra")
        self.post(text="Billig Viagra", **NO_CAPTCHA)
        self.assertEqual(ReaderComment.objects.get().status, ReaderComment.Status.TRASH)
        bot = self.post(fax_number="+49 30 1", text="Bot", **NO_CAPTCHA)
        self.assertRegex(bot["Location"], HELD_LOCATION)
        self.assertFalse(ReaderComment.objects.filter(text="Bot").exists())

    def test_the_hourly_limit_gives_the_form_back_with_the_text_and_a_german_message(self):
        CommentSettings.objects.create(site=self.home.get_site(), unverified_hourly_limit=2)
        for _ in range(2):
            make_comment(self.article, status=ReaderComment.Status.PENDING, unverified=True)
        make_comment(
            self.article, unverified=True, created_at=timezone.now() - datetime.timedelta(minutes=61)
        )  # outside the hour
        response = self.post(text="Mein Text ohne Google", **NO_CAPTCHA)
        self.assertContains(response, "Mein Text ohne Google</textarea>", status_code=429)
        self.assertContains(response, "Gerade warten zu viele Kommentare ohne den Spam-Schutz", status_code=429)
        self.assertEqual(response["Retry-After"], "3600")
        self.assertFalse(ReaderComment.objects.filter(text="Mein Text ohne Google").exists())
        # A reader who loads reCAPTCHA is not affected by the limit.
        verified = self.post(client=Client(REMOTE_ADDR="203.0.113.9"), text="Mit Google geprüft")
        self.assertEqual(verified.status_code, 302)

    def test_english_readers_get_the_limit_in_english(self):
        CommentSettings.objects.create(site=self.home.get_site(), unverified_hourly_limit=0)
        response = self.post(language="en", **NO_CAPTCHA)
        self.assertContains(response, "too many comments are waiting to be checked", status_code=429)

    @override_settings(COMMENTS_RECAPTCHA_DEADLINE_SECONDS=0.5)
    def test_a_hanging_verification_is_given_up_after_the_deadline_and_the_comment_is_held(self):
        release = threading.Event()
        self.addCleanup(release.set)

        def hang(**kwargs):
            release.wait(timeout=30)
            raise TimeoutError("released")

        started = time.monotonic()
        with (
            mock.patch("django_recaptcha.fields.client.submit", side_effect=hang),
            self.assertLogs("blog.comments.captcha", level="WARNING"),
        ):
            response = self.client.post(post_url(self.article), post_data(self.client, text="Google hängt"))
        self.assertLess(time.monotonic() - started, 5)
        self.assertRegex(response["Location"], HELD_LOCATION)
        comment = ReaderComment.objects.get(text="Google hängt")
        self.assertEqual((comment.status, comment.unverified), (ReaderComment.Status.PENDING, True))

    def test_gunicorn_serves_with_threads_by_default(self):
        with mock.patch.dict(os.environ, {}, clear=False):
            for name in ("GUNICORN_THREADS", "GUNICORN_WORKERS"):
                os.environ.pop(name, None)
            config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
        self.assertEqual(config["worker_class"], "gthread")
        self.assertGreaterEqual(config["threads"], 2)
        self.assertLess(settings.COMMENTS_RECAPTCHA_DEADLINE_SECONDS, config["timeout"])


class AdminQueueTests(ConsentTestCase):
    def test_the_moderator_sees_unverified_comments_marked_and_can_filter_them(self):
        make_comment(self.article, text="Geprüft von Google", status=ReaderComment.Status.PENDING)
        make_comment(self.article, text="Ungeprüft gesendet", status=ReaderComment.Status.PENDING, unverified=True)
        admin = get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", "geheim")
        self.client.force_login(admin)
        listing = self.client.get("/admin/snippets/blog/readercomment/")
        self.assertContains(listing, "ohne reCAPTCHA-Prüfung", count=1)
        filtered = self.client.get("/admin/snippets/blog/readercomment/?unverified=true")
        self.assertContains(filtered, "Ungeprüft gesendet")
        self.assertNotContains(filtered, "Geprüft von Google")


class WithoutJavaScriptTests(ConsentTestCase):
    def test_the_first_send_brings_the_token_the_second_goes_through_held(self):
        reader = Client(enforce_csrf_checks=True)
        data = post_data(text="Ohne JavaScript geschrieben", name="Petra Hansen", **NO_CAPTCHA)
        del data["started"]
        with recaptcha():
            first = reader.post(post_url(self.article), data)
        self.assertContains(first, "Ohne JavaScript geschrieben</textarea>", status_code=403)
        self.assertContains(first, "hat das Formular erst seinen Sicherheitsschlüssel geholt", status_code=403)
        self.assertFalse(ReaderComment.objects.exists())
        html = first.content.decode()
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        started = html.split('name="started" value="')[1].split('"')[0]
        self.assertTrue(token)
        # The reader reads the sentence and sends again: the same form, as the browser would send it.
        second_data = {**data, "csrfmiddlewaretoken": token, "started": started}
        with (
            recaptcha(),
            mock.patch("blog.comments.forms.time.time", return_value=time.time() + 10),
        ):
            second = reader.post(post_url(self.article), second_data)
        self.assertRegex(second["Location"], HELD_LOCATION)
        comment = ReaderComment.objects.get()
        self.assertEqual((comment.text, comment.unverified), ("Ohne JavaScript geschrieben", True))

    def test_the_page_says_so_before_they_write(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, "<noscript>")
        self.assertContains(response, "Ohne JavaScript")
        self.assertContains(response, "Spam-Schutz von Google laden")


class HostileIdTests(ConsentTestCase):
    def test_non_ascii_digits_as_parent_answer_like_a_missing_parent_with_the_text_back(self):
        for parent in ("²", "①", "٣", "9" * 30):
            with self.subTest(parent=parent):
                response = self.post(parent=parent, text=f"Antwort {parent}")
                self.assertContains(response, "nicht verfügbar")
                self.assertContains(response, f"Antwort {parent}</textarea>")
        self.assertFalse(ReaderComment.objects.exists())

    def test_an_article_id_beyond_64_bits_is_a_404(self):
        for article_id in ("99999999999999999999999", str(2**63)):
            with self.subTest(article_id=article_id), recaptcha():
                response = self.client.post(f"/kommentare/{article_id}/", post_data(self.client))
                self.assertEqual(response.status_code, 404)


class StartTimeTests(ConsentTestCase):
    def test_a_start_time_fetched_by_another_reader_does_not_pass(self):
        other = Client()
        other.get("/kommentare/formular-token/")
        foreign = sign_start(time.time() - 60, secret=csrf_secret_of(other))
        reader = Client()
        reader.get("/kommentare/formular-token/")
        response = self.post(client=reader, started=foreign, text="Mit fremdem Zeitstempel")
        self.assertContains(response, "Mit fremdem Zeitstempel</textarea>")
        self.assertContains(response, "noch nicht gesendet")
        self.assertFalse(ReaderComment.objects.exists())

    @override_settings(COMMENTS_FORM_MAX_AGE=3600)
    def test_a_start_time_older_than_the_maximum_age_brings_the_form_back_with_a_fresh_one(self):
        reader = Client()
        reader.get("/kommentare/formular-token/")
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 7200):
            old = sign_start(time.time() - 7200, secret=csrf_secret_of(reader))
        response = self.post(client=reader, started=old, text="Lange offen")
        self.assertContains(response, "Lange offen</textarea>")
        fresh = response.content.decode().split('name="started" value="')[1].split('"')[0]
        self.assertNotEqual(fresh, old)
        self.assertFalse(ReaderComment.objects.exists())
        # Sent again with the fresh start time, a little later, it arrives.
        with recaptcha(), mock.patch("blog.comments.forms.time.time", return_value=time.time() + 10):
            again = reader.post(post_url(self.article), {**post_data(reader, text="Lange offen"), "started": fresh})
        self.assertEqual(again.status_code, 302)


class FloodKeyTests(ConsentTestCase):
    def test_readers_behind_one_network_do_not_block_each_other_but_one_address_is_held_back(self):
        self.assertEqual(self.post(client=Client(REMOTE_ADDR="198.51.100.7")).status_code, 302)
        self.assertEqual(self.post(client=Client(REMOTE_ADDR="198.51.100.8")).status_code, 302)
        self.assertEqual(self.post(client=Client(REMOTE_ADDR="198.51.100.7")).status_code, 429)

    def test_the_full_address_is_never_stored_and_its_hash_only_for_the_flood_window(self):
        self.post(client=Client(REMOTE_ADDR="198.51.100.7"))
        comment = ReaderComment.objects.get()
        self.assertEqual(comment.ip, "198.51.100.0")
        mark = CommentFloodMark.objects.get()
        self.assertNotIn("198.51.100.7", mark.key)
        CommentFloodMark.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=16))
        self.post(client=Client(REMOTE_ADDR="203.0.113.1"))
        self.assertEqual(CommentFloodMark.objects.count(), 1)
        self.assertNotEqual(CommentFloodMark.objects.get().key, mark.key)


def _database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


class RefusalsGiveTheTextBackTests(ConsentTestCase):
    def test_comments_closed_while_writing(self):
        self.article.comments_enabled = False
        self.article.save_revision().publish()
        response = self.post(text="Geschrieben, als noch offen war")
        self.assertContains(response, "Geschrieben, als noch offen war</textarea>", status_code=403)
        self.assertContains(response, "Die Kommentarfunktion ist geschlossen.", status_code=403)

    def test_database_down(self):
        data = post_data(self.client, text="Während der Wartung geschrieben")
        with (
            recaptcha(),
            self.assertLogs("site_project.middleware", level="WARNING"),
            connection.execute_wrapper(_database_down),
        ):
            response = self.client.post(post_url(self.article), data)
        self.assertContains(response, "Während der Wartung geschrieben</textarea>", status_code=503)
        self.assertContains(response, "Ihr Kommentar konnte nicht gespeichert werden.", status_code=503)

    def test_server_error(self):
        client = Client(raise_request_exception=False)
        with (
            recaptcha(),
            mock.patch("blog.comments.views.moderation.save_comment", side_effect=RuntimeError("bug")),
            self.assertLogs("django.request", level="ERROR"),
        ):
            response = client.post(post_url(self.article), post_data(client, text="Beim Fehler geschrieben"))
        self.assertContains(response, "Beim Fehler geschrieben</textarea>", status_code=500)
