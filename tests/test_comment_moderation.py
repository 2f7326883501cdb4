"""Editors: the comments area in the admin, bulk moderation, replies, the badge, the dashboard, the rules, mail."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from blog.comments.moderation import decide_status
from blog.models import CommentSettings, ReaderComment

from .base import ArticleTestCase, post_data, post_url, recaptcha
from .builders import build_site, make_article, make_comment

LIST_URL = "/admin/snippets/blog/readercomment/"


class AdminTestCase(ArticleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_article(cls.blog_index, title="Stundensatz richtig kalkulieren")
        cls.editor = get_user_model().objects.create_superuser(
            "sabine", "sabine@example.org", "pw", first_name="Sabine", last_name="Krüger"
        )

    def setUp(self):
        self.client.force_login(self.editor)


class ListingTests(AdminTestCase):
    def test_listing_in_german_with_columns_filters_and_search(self):
        make_comment(self.article, name="Jens Möller", text="Ein toller Artikel über Kunden", status="pending")
        make_comment(self.other, name="Anna Schulz", text="Preise sind schwierig")
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        for heading in ("Kommentar", "Autor", "Artikel", "Status", "Datum"):
            self.assertIn(heading, content)
        self.assertIn("Ein toller Artikel über Kunden", content)
        self.assertIn("Ausstehend", content)
        filtered = self.client.get(LIST_URL, {"status": "pending"}).content.decode()
        self.assertIn("Jens Möller", filtered)
        self.assertNotIn("Anna Schulz", filtered)
        by_article = self.client.get(LIST_URL, {"article": self.other.pk}).content.decode()
        self.assertIn("Anna Schulz", by_article)
        self.assertNotIn("Jens Möller", by_article)
        today = timezone.localdate().isoformat()
        by_date = self.client.get(LIST_URL, {"created_at_from": today, "created_at_to": today})
        self.assertContains(by_date, "Anna Schulz")
        old = self.client.get(LIST_URL, {"created_at_to": "2000-01-01"})
        self.assertNotContains(old, "Anna Schulz")
        searched = self.client.get(LIST_URL, {"q": "Preise"}).content.decode()
        self.assertIn("Anna Schulz", searched)
        self.assertNotIn("Jens Möller", searched)

    def test_editors_cannot_invent_comments(self):
        self.assertEqual(self.client.get(LIST_URL + "add/").status_code, 302)
        self.assertFalse(ReaderComment.objects.exists())

    def test_edit_a_comments_text(self):
        comment = make_comment(self.article, text="Tippfehlr")
        url = f"{LIST_URL}edit/{comment.pk}/"
        self.assertContains(self.client.get(url), "Tippfehlr")
        response = self.client.post(
            url, {"text": "Tippfehler", "status": "approved", "name": comment.name, "email": comment.email, "url": ""}
        )
        self.assertEqual(response.status_code, 302)
        comment.refresh_from_db()
        self.assertEqual(comment.text, "Tippfehler")


class BulkActionTests(AdminTestCase):
    def test_bulk_approve_spam_trash_and_delete(self):
        comments = [make_comment(self.article, status="pending") for _ in range(4)]
        ids = [comment.pk for comment in comments]
        for action, status, message in (
            ("approve", "approved", "2 Kommentare freigegeben."),
            ("spam", "spam", "2 Kommentare als Spam markiert."),
            ("trash", "trash", "2 Kommentare in den Papierkorb verschoben."),
        ):
            with self.subTest(action):
                url = f"/admin/bulk/blog/readercomment/{action}/?" + "&".join(f"id={pk}" for pk in ids[:2])
                self.assertEqual(self.client.get(url).status_code, 200)
                response = self.client.post(url, {"next": LIST_URL})
                self.assertRedirects(response, LIST_URL, fetch_redirect_response=False)
                self.assertEqual(
                    set(ReaderComment.objects.filter(pk__in=ids[:2]).values_list("status", flat=True)), {status}
                )
                self.assertContains(self.client.get(LIST_URL), message)
        url = "/admin/bulk/blog/readercomment/delete/?" + "&".join(f"id={pk}" for pk in ids)
        self.client.post(url, {"next": LIST_URL})
        self.assertFalse(ReaderComment.objects.exists())

    def test_listing_offers_the_bulk_actions_in_german(self):
        make_comment(self.article)
        content = self.client.get(LIST_URL).content.decode()
        for label in ("Freigeben", "Spam", "Papierkorb", "Löschen"):
            self.assertIn(label, content)


class ReplyTests(AdminTestCase):
    def test_editor_reply_is_approved_marked_and_approves_its_parent(self):
        parent = make_comment(self.article, status="pending", name="Jens Möller")
        url = f"{LIST_URL}reply/{parent.pk}/"
        self.assertContains(self.client.get(url), "Auf den Kommentar von Jens Möller antworten")
        response = self.client.post(url, {"text": "Danke für Ihre Rückmeldung!"})
        self.assertEqual(response.status_code, 302)
        reply = ReaderComment.objects.get(parent=parent)
        self.assertEqual(reply.status, "approved")
        self.assertTrue(reply.is_author_reply)
        self.assertEqual(reply.user, self.editor)
        self.assertEqual(reply.name, "Sabine Krüger")
        parent.refresh_from_db()
        self.assertEqual(parent.status, "approved")
        page = self.client.get(self.article.url)
        self.assertContains(page, "Danke für Ihre Rückmeldung!")
        self.assertContains(page, "Redaktion")

    def test_people_without_permission_cannot_reply_or_approve(self):
        parent = make_comment(self.article, status="pending")
        user = get_user_model().objects.create_user("gast", "gast@example.org", "pw")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(user)
        self.assertIn(self.client.post(f"{LIST_URL}reply/{parent.pk}/", {"text": "x"}).status_code, {302, 403})
        self.assertIn(self.client.post(f"{LIST_URL}approve/{parent.pk}/").status_code, {302, 403})
        parent.refresh_from_db()
        self.assertEqual(parent.status, "pending")
        self.assertEqual(ReaderComment.objects.count(), 1)


class BadgeAndDashboardTests(AdminTestCase):
    def test_menu_shows_the_pending_count(self):
        for _ in range(3):
            make_comment(self.article, status="pending")
        self.assertContains(self.client.get("/admin/"), "Kommentare (3)")

    def test_dashboard_lists_held_comments_and_approves_with_one_click(self):
        held = make_comment(self.article, status="pending", text="Bitte freischalten")
        response = self.client.get("/admin/")
        self.assertContains(response, "1 Kommentar wartet auf Freischaltung")
        self.assertContains(response, "Bitte freischalten")
        self.assertContains(response, f'action="{LIST_URL}approve/{held.pk}/"')
        self.assertContains(response, "csrfmiddlewaretoken")
        response = self.client.post(f"{LIST_URL}approve/{held.pk}/", {"next": "/admin/"})
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        held.refresh_from_db()
        self.assertEqual(held.status, "approved")
        self.assertContains(self.client.get("/admin/"), "Keine Kommentare warten auf Freischaltung.")

    def test_one_click_approve_is_post_only_and_checks_csrf(self):
        held = make_comment(self.article, status="pending")
        self.assertEqual(self.client.get(f"{LIST_URL}approve/{held.pk}/").status_code, 405)
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.editor)
        self.assertEqual(strict.post(f"{LIST_URL}approve/{held.pk}/").status_code, 403)
        held.refresh_from_db()
        self.assertEqual(held.status, "pending")

    def test_open_redirects_are_ignored(self):
        held = make_comment(self.article, status="pending")
        response = self.client.post(f"{LIST_URL}approve/{held.pk}/", {"next": "https://evil.example/"})
        self.assertEqual(response["Location"], "/admin/")


class RuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index)

    def settings(self, **fields):
        return CommentSettings(site=self.home.get_site(), **fields)

    def comment(self, **fields):
        defaults = {"article": self.article, "name": "Jens", "email": "jens@example.org", "url": "", "text": "Hallo"}
        return ReaderComment(**{**defaults, **fields})

    def test_defaults_are_wordpress_defaults(self):
        rules = CommentSettings()
        self.assertEqual(rules.moderation_mode, "approve_known")
        self.assertEqual(rules.link_hold_threshold, 2)
        self.assertEqual(rules.close_after_days, 0)
        self.assertEqual(rules.max_depth, 5)

    def test_known_authors_are_approved_strangers_held(self):
        self.assertEqual(decide_status(self.comment(), self.settings()), "pending")
        make_comment(self.article, name="Jens", email="JENS@example.org")
        self.assertEqual(decide_status(self.comment(), self.settings()), "approved")
        self.assertEqual(decide_status(self.comment(name="Jemand"), self.settings()), "pending")
        self.assertEqual(decide_status(self.comment(), self.settings(moderation_mode="hold_all")), "pending")

    def test_two_links_hold_one_does_not(self):
        make_comment(self.article, name="Jens", email="jens@example.org")
        one = self.comment(text="Siehe https://example.org")
        two = self.comment(text="Siehe https://example.org und http://example.com")
        self.assertEqual(decide_status(one, self.settings()), "approved")
        self.assertEqual(decide_status(two, self.settings()), "pending")
        self.assertEqual(decide_status(two, self.settings(link_hold_threshold=0)), "approved")

    def test_keywords_match_name_email_website_text_and_ip(self):
        make_comment(self.article, name="Jens", email="jens@example.org")
        rules = self.settings(hold_keywords="casino\n203.0.113.0\n", block_keywords="viagra")
        self.assertEqual(decide_status(self.comment(text="Online CASINO"), rules), "pending")
        self.assertEqual(decide_status(self.comment(url="https://casino.example"), rules), "pending")
        self.assertEqual(decide_status(self.comment(ip="203.0.113.0"), rules), "pending")
        self.assertEqual(decide_status(self.comment(name="Viagra Shop"), rules), "trash")
        self.assertEqual(decide_status(self.comment(email="viagra@example.org"), rules), "trash")
        self.assertEqual(decide_status(self.comment(), rules), "approved")

    @override_settings(COMMENTS_FLOOD_SECONDS=0)  # the writers share /24 and /64 networks
    def test_an_address_keyword_matches_the_writers_full_address_which_is_never_stored(self):
        CommentSettings.objects.create(
            site=self.home.get_site(), block_keywords="198.51.100.7\n2001:db8:1::/48\n192.0.2.0/25"
        )
        for address, status in (
            ("198.51.100.7", "trash"),
            ("198.51.100.70", "pending"),
            ("2001:db8:1:2::9", "trash"),
            ("2001:db8:2::9", "pending"),
            ("192.0.2.100", "trash"),
            ("192.0.2.200", "pending"),
        ):
            with self.subTest(address=address), recaptcha():
                self.client.post(
                    post_url(self.article), post_data(self.client, text=f"Von {address[::-1]}"), REMOTE_ADDR=address
                )
                comment = ReaderComment.objects.latest("pk")
                self.assertEqual(comment.status, status)
                self.assertNotEqual(comment.ip, address)

    def test_blocked_comments_get_the_held_answer_but_land_in_the_trash(self):
        CommentSettings.objects.create(site=self.home.get_site(), block_keywords="viagra")
        with recaptcha():
            response = self.client.post(post_url(self.article), post_data(self.client, text="Billig Viagra"))
        self.assertRegex(response["Location"], r"\?unapproved=")
        self.assertEqual(ReaderComment.objects.get().status, "trash")
        self.assertNotContains(self.client.get(response["Location"]), "Billig Viagra")


@override_settings(WAGTAILADMIN_BASE_URL="https://blog.example.org")
class ModeratorMailTests(ArticleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        CommentSettings.objects.create(site=cls.home.get_site(), moderator_emails="a@example.org\nb@example.org")

    def post(self, **fields):
        with recaptcha():
            return self.client.post(post_url(self.article), post_data(self.client, **fields))

    def test_held_comment_mails_the_moderators_after_commit_with_an_admin_link(self):
        with self.captureOnCommitCallbacks() as callbacks:
            self.post(text="Bitte prüfen")
            self.assertEqual(len(mail.outbox), 0)  # not before the commit
        for callback in callbacks:
            callback()
        comment = ReaderComment.objects.get()
        # One mail per moderator: its moderation links are signed for that address.
        self.assertEqual([message.to for message in mail.outbox], [["a@example.org"], ["b@example.org"]])
        for message in mail.outbox:
            self.assertEqual(
                message.subject, "Neuer Kommentar wartet auf Freischaltung: „Muss man seine Kunden lieben?“"
            )
            self.assertIn("Bitte prüfen", message.body)
            self.assertIn(
                f"https://blog.example.org/admin/snippets/blog/readercomment/edit/{comment.pk}/", message.body
            )

    def test_no_mail_for_approved_comments(self):
        make_comment(
            self.article, name="Petra Hansen", email="p@example.org", created_at=timezone.now() - datetime.timedelta(1)
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.post(email="p@example.org")
        self.assertEqual(ReaderComment.objects.filter(status="approved").count(), 2)
        self.assertEqual(mail.outbox, [])

    def test_failing_mail_server_never_loses_the_comment_and_the_mail_goes_out_later(self):
        with (
            mock.patch("blog.comments.mailing.EmailMessage.send", side_effect=smtplib.SMTPConnectError(421, "down")),
            self.assertLogs("blog.comments.mailing", level="ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.post(text="Trotzdem gespeichert")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ReaderComment.objects.filter(text="Trotzdem gespeichert").exists())
        self.assertEqual(mail.outbox, [])
        call_command("purge_comment_data", stdout=StringIO())
        self.assertEqual(sorted(message.to[0] for message in mail.outbox), ["a@example.org", "b@example.org"])
        self.assertIn("Trotzdem gespeichert", mail.outbox[0].body)

    def test_without_configured_addresses_the_administrators_are_told(self):
        CommentSettings.objects.update(moderator_emails="")
        get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
        with self.captureOnCommitCallbacks(execute=True):
            self.post()
        self.assertEqual(mail.outbox[0].to, ["chef@example.org"])


class PermissionMigrationTests(TestCase):
    def test_moderators_and_editors_groups_may_moderate(self):
        for name in ("Moderators", "Editors"):
            group = Group.objects.filter(name=name).first()
            if group is None:
                continue
            codenames = set(group.permissions.filter(content_type__app_label="blog").values_list("codename", flat=True))
            self.assertTrue({"change_readercomment", "delete_readercomment"} <= codenames, name)
