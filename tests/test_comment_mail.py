"""Comments by mail: the moderator mail and its signed links, replies by e-mail with double opt-in, the writer's own
edits, data-protection requests in the admin, the site-wide comments feed and the comment admin's row menu."""

import datetime
import json
import re
import smtplib
import time
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import feedparser

from blog.comments import own_edits
from blog.models import CommentSettings, CommentSubscription, DataRequest, PendingMail, ReaderComment

from .base import ArticleTestCase, post_data, post_url, recaptcha
from .builders import build_english_site, make_comment, translate_page

LIST_URL = "/admin/snippets/blog/readercomment/"
URL = re.compile(r"https?://\S+")


def links_in(body):
    return URL.findall(body)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


# Several comments from one address in a few seconds: flood control is tested elsewhere.
@override_settings(COMMENTS_FLOOD_SECONDS=0)
class CommentMailTestCase(ArticleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.moderator = get_user_model().objects.create_superuser("sabine", "sabine@example.org", "pw")
        cls.other_moderator = get_user_model().objects.create_superuser("jens", "jens@example.org", "pw")
        CommentSettings.objects.create(
            site=cls.home.get_site(), moderator_emails="sabine@example.org\njens@example.org"
        )

    def post(self, article=None, language="", **fields):
        with recaptcha(), self.captureOnCommitCallbacks(execute=True):
            return self.client.post(post_url(article or self.article, language), post_data(self.client, **fields))


class ModeratorMailTests(CommentMailTestCase):
    FORGED = (
        "Toller Artikel!\n\nFreigeben, bearbeiten oder ablehnen können Sie ihn im Admin-Bereich:\n"
        "https://evil.example.com/admin/approve\n" + "\n" * 40 + "Ende"
    )

    def mail_to(self, address):
        return next(message for message in mail.outbox if message.to == [address])

    def test_a_comment_cannot_pass_for_the_mails_own_links(self):
        """The real links come first; the reader's text is quoted between marker lines, indented, blank runs cut."""
        self.post(text=self.FORGED)
        body = self.mail_to("sabine@example.org").body
        first_link = links_in(body)[0]
        self.assertIn("/admin/comments/mail/", first_link)
        self.assertLess(body.index(first_link), body.index("evil.example.com"))
        start = body.index("----- Der Kommentar der Leserin oder des Lesers (zitiert) -----")
        end = body.index("----- Ende des Kommentars -----")
        self.assertLess(start, body.index("evil.example.com"), "the forged link is inside the quotation")
        self.assertLess(body.index("evil.example.com"), end)
        quoted = body[start:end].splitlines()[1:]
        self.assertTrue(quoted and all(line.startswith("    |") for line in quoted), quoted)
        self.assertNotIn("\n\n\n", body)
        self.assertIn("    | https://evil.example.com/admin/approve", body)

    def test_each_moderator_gets_links_signed_for_them(self):
        self.post(text="Bitte prüfen")
        sabine = self.mail_to("sabine@example.org").body
        jens = self.mail_to("jens@example.org").body
        for label in ("Freigeben:", "Spam:", "Papierkorb:"):
            self.assertIn(label, sabine)
        self.assertNotEqual(links_in(sabine)[0], links_in(jens)[0])

    def test_approve_from_the_mail_asks_first_then_approves_and_refreshes_the_page(self):
        self.post(text="Bitte freischalten")
        comment = ReaderComment.objects.get()
        approve = path_of(links_in(self.mail_to("sabine@example.org").body)[0])
        self.assertNotContains(self.client.get(self.article.url), "Bitte freischalten")
        self.client.force_login(self.moderator)
        page = self.client.get(approve)
        self.assertContains(page, "Bitte freischalten")
        self.assertContains(page, "<button")
        comment.refresh_from_db()
        self.assertEqual(comment.status, "pending", "a GET changed the comment")
        self.client.post(approve)
        comment.refresh_from_db()
        self.assertEqual(comment.status, "approved")
        self.client.logout()
        self.assertContains(self.client.get(self.article.url), "Bitte freischalten")

    def test_spam_and_trash_links(self):
        for index, (status, label) in enumerate((("spam", "Spam"), ("trash", "Papierkorb"))):
            mail.outbox = []
            self.post(text=f"Nummer {index}")
            comment = ReaderComment.objects.get(text=f"Nummer {index}")
            body = self.mail_to("sabine@example.org").body
            link = path_of(re.search(rf"^{label}: (\S+)$", body, re.MULTILINE).group(1))
            self.client.force_login(self.moderator)
            self.client.post(link)
            self.client.logout()
            comment.refresh_from_db()
            self.assertEqual(comment.status, status)

    def test_link_works_only_for_its_moderator_and_for_seven_days(self):
        self.post(text="Bitte prüfen")
        comment = ReaderComment.objects.get()
        approve = path_of(links_in(self.mail_to("sabine@example.org").body)[0])
        # Not logged in: the admin's login first.
        self.assertEqual(self.client.get(approve).status_code, 302)
        self.client.force_login(self.other_moderator)
        self.assertEqual(self.client.post(approve).status_code, 403)
        self.client.force_login(self.moderator)
        later = time.time() + 8 * 24 * 60 * 60
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = self.client.post(approve)
        self.assertContains(response, "abgelaufen", status_code=403)
        self.assertEqual(self.client.post(approve.replace("/mail/", "/mail/x")).status_code, 404)
        comment.refresh_from_db()
        self.assertEqual(comment.status, "pending")


class SubscriptionTests(CommentMailTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Approved on sight: the writers have an approved comment already.
        cls.earlier = make_comment(cls.article, name="Petra Hansen", email="petra@example.org", text="Früher")
        make_comment(cls.article, name="Jens Möller", email="jens.m@example.org", text="Auch früher")

    def confirmation_link(self, address):
        message = next(message for message in mail.outbox if message.to == [address])
        self.assertIn("Bitte bestätigen", message.subject)
        return path_of(links_in(message.body)[0])

    def test_ticking_sends_a_confirmation_and_nothing_else_before_the_link_is_followed(self):
        self.post(name="Petra Hansen", email="petra@example.org", text="Meine Frage", notify_replies="on")
        question = ReaderComment.objects.get(text="Meine Frage")
        subscription = CommentSubscription.objects.get()
        self.assertEqual(
            (subscription.scope, subscription.comment, subscription.confirmed_at), ("replies", question, None)
        )
        link = self.confirmation_link("petra@example.org")
        mail.outbox = []
        self.post(name="Jens Möller", email="jens.m@example.org", text="Meine Antwort", parent=str(question.pk))
        self.assertEqual(mail.outbox, [], "a notification before the confirmation")
        # The confirmation page asks; only its button confirms.
        self.assertContains(self.client.get(link), "<button")
        subscription.refresh_from_db()
        self.assertIsNone(subscription.confirmed_at)
        self.client.post(link)
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.confirmed_at)

    def test_unticked_boxes_store_and_send_nothing(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn("Über Antworten auf meinen Kommentar per E-Mail benachrichtigen.", html)
        self.assertNotRegex(html, r'name="notify_replies"[^>]*checked')
        self.post(name="Petra Hansen", email="petra@example.org", text="Ohne Abo")
        self.assertFalse(CommentSubscription.objects.exists())
        self.assertEqual(mail.outbox, [])

    def subscribe_confirmed(self, scope="replies", comment=None, email="petra@example.org"):
        return CommentSubscription.objects.create(
            email=email,
            article=self.article,
            scope=scope,
            comment=comment,
            language="de",
            key=f"key-{scope}-{email}",
            created_at=timezone.now() - datetime.timedelta(hours=1),
            confirmed_at=timezone.now() - datetime.timedelta(minutes=50),
        )

    def test_an_approved_reply_is_mailed_with_one_click_unsubscribe(self):
        subscription = self.subscribe_confirmed(comment=self.earlier)
        self.post(name="Jens Möller", email="jens.m@example.org", text="Gute Frage!", parent=str(self.earlier.pk))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["petra@example.org"])
        self.assertEqual(message.subject, "Neue Antwort auf Ihren Kommentar zu „Muss man seine Kunden lieben?“")
        self.assertIn("    | Gute Frage!", message.body)
        unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
        self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn(unsubscribe, message.body)
        # A human gets a page with a button; the GET unsubscribes nobody.
        self.assertContains(self.client.get(path_of(unsubscribe)), "<button")
        self.assertTrue(CommentSubscription.objects.filter(pk=subscription.pk).exists())
        # RFC 8058: the mail program POSTs without cookies or CSRF token.
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(path_of(unsubscribe), {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CommentSubscription.objects.filter(pk=subscription.pk).exists())

    def test_held_replies_are_mailed_only_once_approved_and_spam_never(self):
        self.subscribe_confirmed(scope="all")
        self.post(name="Unbekannt", email="neu@example.org", text="Gehalten")
        self.post(name="Unbekannt2", email="neu2@example.org", text="Werbung")
        self.assertEqual(mail.outbox and [m for m in mail.outbox if m.to == ["petra@example.org"]], [])
        held, spam = ReaderComment.objects.get(text="Gehalten"), ReaderComment.objects.get(text="Werbung")
        mail.outbox = []
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{LIST_URL}spam/{spam.pk}/")
        self.assertEqual(mail.outbox, [])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{LIST_URL}approve/{held.pk}/")
        self.assertEqual([message.to for message in mail.outbox], [["petra@example.org"]])
        self.assertEqual(mail.outbox[0].subject, "Neuer Kommentar zu „Muss man seine Kunden lieben?“")
        # Approving again tells nobody twice.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{LIST_URL}approve/{held.pk}/")
        self.assertEqual(len(mail.outbox), 1)

    def test_mails_are_in_the_articles_language(self):
        home_en, index_en = build_english_site(self.home, self.blog_index)
        english = translate_page(self.article, title="Must you love your customers?", slug="love-customers")
        CommentSubscription.objects.create(
            email="anna@example.org",
            article=english,
            scope="all",
            language="en",
            key="key-en",
            created_at=timezone.now() - datetime.timedelta(hours=1),
            confirmed_at=timezone.now(),
        )
        self.post(article=english, language="en", name="Petra Hansen", email="petra@example.org", text="Hello")
        message = next(message for message in mail.outbox if message.to == ["anna@example.org"])
        self.assertEqual(message.subject, "New comment on “Must you love your customers?”")
        self.assertIn("/en/comments/unsubscribe/key-en/", message.extra_headers["List-Unsubscribe"])

    def test_a_refused_mail_is_kept_and_sent_by_the_daily_job(self):
        self.subscribe_confirmed(scope="all")
        with (
            mock.patch("blog.comments.mailing.EmailMessage.send", side_effect=smtplib.SMTPConnectError(421, "down")),
            self.assertLogs("blog.comments.mailing", level="ERROR"),
        ):
            response = self.post(name="Jens Möller", email="jens.m@example.org", text="Trotzdem da")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ReaderComment.objects.filter(text="Trotzdem da", status="approved").exists())
        self.assertEqual(PendingMail.objects.count(), 1)
        self.assertEqual(mail.outbox, [])
        call_command("purge_comment_data", stdout=StringIO())
        self.assertEqual([message.to for message in mail.outbox], [["petra@example.org"]])
        self.assertEqual(mail.outbox[0].extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertFalse(PendingMail.objects.exists())


class OwnEditTests(CommentMailTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_comment(cls.article, name="Petra Hansen", email="petra@example.org", text="Früher")

    def send(self, **fields):
        fields.setdefault("name", "Petra Hansen")
        fields.setdefault("email", "petra@example.org")
        response = self.post(**fields)
        cookie = response.cookies.get(own_edits.EDIT_COOKIE)
        self.client.cookies.pop(own_edits.EDIT_COOKIE, None)
        return response, cookie

    def edit_url(self, cookie):
        _pk, _until, token = cookie.value.split(".", 2)
        return f"/kommentare/bearbeiten/{token}/"

    def test_writer_edits_an_approved_comment_which_then_shows_bearbeitet(self):
        _response, cookie = self.send(text="Tippfehlr")
        comment = ReaderComment.objects.get(text="Tippfehlr")
        self.assertEqual(cookie["max-age"], 15 * 60)
        self.assertContains(self.client.get(self.edit_url(cookie)), "Tippfehlr")
        response = self.client.post(self.edit_url(cookie), {"text": "Tippfehler"})
        self.assertRedirects(response, f"{self.article.url}#{comment.anchor}", fetch_redirect_response=False)
        comment.refresh_from_db()
        self.assertEqual((comment.text, comment.status), ("Tippfehler", "approved"))
        page = self.client.get(self.article.url).content.decode()
        self.assertIn("Tippfehler", page)
        self.assertIn("(bearbeitet)", page)

    def test_page_stays_the_same_for_everyone_and_the_link_is_drawn_by_script(self):
        _response, cookie = self.send(text="Für alle gleich")
        page = self.client.get(self.article.url).content.decode()
        self.assertNotIn(cookie.value.split(".", 2)[2], page)
        self.assertIn('data-edit-url="/kommentare/bearbeiten/TOKEN/"', page)

    def test_an_edit_adding_links_is_held_and_a_held_comment_stays_held(self):
        _response, cookie = self.send(text="Ohne Link")
        comment = ReaderComment.objects.get(text="Ohne Link")
        mail.outbox = []
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.edit_url(cookie), {"text": "Mit https://a.example und https://b.example"})
        comment.refresh_from_db()
        self.assertEqual(comment.status, "pending")
        self.assertEqual(len(mail.outbox), 2, "the moderators are told")
        _response, cookie = self.send(name="Fremde", email="fremd@example.org", text="Gehalten")
        held = ReaderComment.objects.get(text="Gehalten")
        self.assertEqual(held.status, "pending")
        self.client.post(self.edit_url(cookie), {"text": "Immer noch gehalten"})
        held.refresh_from_db()
        self.assertEqual((held.text, held.status), ("Immer noch gehalten", "pending"))

    def test_delete_and_the_window_closes_after_the_set_minutes(self):
        _response, cookie = self.send(text="Weg damit")
        self.client.post(self.edit_url(cookie), {"delete": "1"})
        self.assertFalse(ReaderComment.objects.filter(text="Weg damit").exists())
        _response, cookie = self.send(text="Zu spät")
        later = timezone.now() + datetime.timedelta(minutes=16)
        with mock.patch("django.utils.timezone.now", return_value=later):
            response = self.client.post(self.edit_url(cookie), {"text": "Geändert"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(ReaderComment.objects.filter(text="Zu spät").exists())
        CommentSettings.objects.update(edit_minutes=0)
        _response, cookie = self.send(text="Ohne Bearbeiten")
        self.assertIsNone(cookie)


class DataRequestTests(CommentMailTestCase):
    URL = "/admin/data-requests/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mine = make_comment(cls.article, name="Jens", email="Jens@example.org", ip="203.0.113.0", text="Meins")
        cls.other = make_comment(cls.article, name="Anna", email="anna@example.org", text="Ihres")
        CommentSubscription.objects.create(
            email="jens@example.org",
            article=cls.article,
            scope="all",
            language="de",
            key="k1",
            confirmed_at=timezone.now(),
        )

    def request_and_confirm(self, kind, erasure_mode="anonymise"):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.URL, {"email": "jens@example.org", "kind": kind, "erasure_mode": erasure_mode})
        data_request = DataRequest.objects.get()
        self.assertEqual(data_request.created_by, self.moderator)
        message = mail.outbox[-1]
        self.assertEqual(message.to, ["jens@example.org"])
        link = path_of(links_in(message.body)[0])
        self.client.logout()
        self.assertContains(self.client.get(link), "<button")
        data_request.refresh_from_db()
        self.assertIsNone(data_request.confirmed_at, "a GET confirmed the request")
        self.client.post(link)
        data_request.refresh_from_db()
        self.assertIsNotNone(data_request.confirmed_at)
        self.client.force_login(self.moderator)
        return data_request

    def test_export_after_confirmation_as_json_and_html(self):
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), "Datenschutz-Anfragen")
        data_request = self.request_and_confirm("export")
        response = self.client.get(f"{self.URL}{data_request.pk}/export.json")
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual([comment["text"] for comment in data["comments"]], ["Meins"])
        self.assertIsNotNone(data["subscriptions"][0]["confirmed_at"])
        html = self.client.get(f"{self.URL}{data_request.pk}/export.html").content.decode()
        self.assertIn("Meins", html)
        self.assertNotIn("Ihres", html)
        data_request.refresh_from_db()
        self.assertEqual(data_request.completed_by, self.moderator)
        self.assertContains(self.client.get(self.URL), "jens@example.org")

    def test_no_export_before_the_person_confirms(self):
        self.client.force_login(self.moderator)
        self.client.post(self.URL, {"email": "jens@example.org", "kind": "export", "erasure_mode": "anonymise"})
        data_request = DataRequest.objects.get()
        response = self.client.get(f"{self.URL}{data_request.pk}/export.json")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertFalse(response.has_header("Content-Disposition"))

    def test_erasure_anonymises_or_deletes(self):
        data_request = self.request_and_confirm("erase")
        self.client.post(f"{self.URL}{data_request.pk}/erase/")
        self.mine.refresh_from_db()
        self.other.refresh_from_db()
        self.assertEqual((self.mine.name, self.mine.email, self.mine.ip, self.mine.text), ("Anonym", "", None, "Meins"))
        self.assertEqual(self.other.name, "Anna")
        self.assertFalse(CommentSubscription.objects.filter(email__iexact="jens@example.org").exists())
        data_request.refresh_from_db()
        self.assertIsNotNone(data_request.completed_at)
        make_comment(self.article, email="jens@example.org", text="Noch einer")
        DataRequest.objects.all().delete()
        mail.outbox = []
        data_request = self.request_and_confirm("erase", "delete")
        self.client.post(f"{self.URL}{data_request.pk}/erase/")
        self.assertFalse(ReaderComment.objects.filter(text="Noch einer").exists())

    def test_permission_dashboard_warning_and_moderators_group(self):
        editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        self.assertRedirects(self.client.get(self.URL), "/admin/", fetch_redirect_response=False)
        DataRequest.objects.create(
            email="alt@example.org", kind="export", created_at=timezone.now() - datetime.timedelta(days=26)
        )
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), "seit mehr als 25 Tagen offen")
        group = Group.objects.filter(name="Moderators").first()
        if group is not None:
            self.assertTrue(group.permissions.filter(codename="manage_datarequest").exists())


class SiteFeedAndAdminTests(CommentMailTestCase):
    def test_site_wide_comments_feed_per_language_approved_only(self):
        home_en, index_en = build_english_site(self.home, self.blog_index)
        english = translate_page(self.article, title="Must you love your customers?", slug="love-customers")
        make_comment(self.article, name="Jörg", text="Schön & gut")
        make_comment(self.article, name="Spam", text="Kaufen!", status="spam")
        make_comment(english, name="Anna", text="Nice")
        response = self.client.get("/kommentare/feed/")
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo)
        self.assertEqual(
            [entry.title for entry in feed.entries], ["Kommentar von Jörg zu „Muss man seine Kunden lieben?“"]
        )
        feed = feedparser.parse(self.client.get("/en/comments/feed/").content)
        self.assertEqual(
            [entry.title for entry in feed.entries], ["Comment by Anna on “Must you love your customers?”"]
        )
        self.assertContains(self.client.get(self.article.url), 'href="/kommentare/feed/"')

    def test_row_menu_approves_and_spams_and_replies_show_what_they_answer(self):
        parent = make_comment(self.article, name="Petra", text="Die Frage")
        reply = make_comment(
            self.article,
            name="Jens",
            text="Die Antwort",
            parent=parent,
            status="pending",
            created_at=datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC),
        )
        self.client.force_login(self.moderator)
        listing = self.client.get(LIST_URL).content.decode()
        self.assertIn(f'data-w-action-url-value="{LIST_URL}approve/{reply.pk}/"', listing)
        self.assertIn(f'data-w-action-url-value="{LIST_URL}spam/{parent.pk}/"', listing)
        self.client.post(f"{LIST_URL}spam/{reply.pk}/", HTTP_REFERER=f"http://testserver{LIST_URL}")
        reply.refresh_from_db()
        self.assertEqual(reply.status, "spam")
        inspect = self.client.get(f"{LIST_URL}inspect/{reply.pk}/").content.decode()
        self.assertIn("Petra: Die Frage", inspect)
        self.assertNotIn("None", inspect.split("Antwort auf", 1)[1][:200])
        self.assertIn("12:00", inspect)  # 10:00 UTC is 12:00 in Berlin in summer
