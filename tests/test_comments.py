"""Readers' side of comments: the thread under an article, the form, the answer after posting, closing, counts."""

import datetime
from pathlib import Path

from django.test import TestCase
from django.utils import timezone

from blog.models import CommentSettings, ReaderComment
from home.models import LegalPages

from .assertions import QueryCountAssertions
from .base import ArticleTestCase, post_data, post_url, recaptcha
from .builders import build_site, make_article, make_comment, make_standard_page

SEED = Path("/work/shared/seed/muss-man-seine-kunden-lieben.txt")


class ThreadTests(ArticleTestCase):
    def test_heading_counts_thoughts_in_german_with_the_right_plural(self):
        first = make_comment(self.article)
        response = self.client.get(self.article.url)
        self.assertContains(response, "Ein Gedanke zu „Muss man seine Kunden lieben?“")
        make_comment(self.article, parent=first)
        response = self.client.get(self.article.url)
        self.assertContains(response, "2 Gedanken zu „Muss man seine Kunden lieben?“")

    def test_only_approved_comments_are_shown_oldest_first(self):
        now = timezone.now()
        make_comment(self.article, text="Zweiter", created_at=now - datetime.timedelta(hours=1))
        make_comment(self.article, text="Erster", created_at=now - datetime.timedelta(hours=2))
        for status in ("pending", "spam", "trash"):
            make_comment(self.article, text=f"Versteckt {status}", status=status)
        content = self.client.get(self.article.url).content.decode()
        self.assertLess(content.index("Erster"), content.index("Zweiter"))
        self.assertNotIn("Versteckt", content)
        self.assertIn("2 Gedanken", content)

    def test_replies_nest_and_stop_at_the_maximum_depth(self):
        CommentSettings.objects.create(site=self.home.get_site(), max_depth=3)
        parent = make_comment(self.article, text="Ebene 1")
        for level in range(2, 6):
            parent = make_comment(self.article, parent=parent, text=f"Ebene {level}")
        response = self.client.get(self.article.url)
        tree = response.context["comments"].tree
        levels = {}

        def walk(nodes):
            for node in nodes:
                levels[node.comment.text] = node.level
                walk(node.children)

        walk(tree)
        self.assertEqual(levels, {"Ebene 1": 1, "Ebene 2": 2, "Ebene 3": 3, "Ebene 4": 3, "Ebene 5": 3})
        self.assertEqual(response.content.decode().count("comment-list--children"), 2)

    def test_name_date_text_and_editor_marker(self):
        make_comment(
            self.article,
            name="Jens Möller",
            url="https://jens.example.org/",
            text="Erste Zeile\nzweite Zeile\n\nNeuer Absatz mit https://example.org/seite.",
            created_at=datetime.datetime(2026, 11, 27, 13, 5, tzinfo=datetime.UTC),
        )
        make_comment(self.article, name="Sabine Krüger", is_author_reply=True)
        response = self.client.get(self.article.url)
        self.assertContains(
            response, '<a href="https://jens.example.org/" rel="nofollow ugc noopener">Jens Möller</a>', html=True
        )
        self.assertContains(response, "27. November 2026 um 14:05 Uhr")
        self.assertContains(response, "<p>Erste Zeile<br>zweite Zeile</p>", html=True)
        self.assertContains(
            response, '<a href="https://example.org/seite" rel="nofollow ugc">https://example.org/seite</a>.'
        )
        self.assertContains(response, '<span class="comment__badge">Redaktion</span>', html=True, count=1)
        self.assertContains(response, "Antworten")

    def test_form_labels_opt_in_and_privacy_note(self):
        privacy = make_standard_page(self.home, title="Datenschutzerklärung", slug="datenschutz")
        legal = LegalPages.for_site(self.home.get_site())
        legal.privacy_page = privacy
        legal.save()
        response = self.client.get(self.article.url)
        for text in (
            "Schreiben Sie einen Kommentar",
            "Kommentar",
            "Name",
            "E-Mail",
            "Ihre E-Mail-Adresse wird nicht veröffentlicht.",
            "Website",
            "Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser für die nächste Kommentierung "
            "speichern.",
            "Google reCAPTCHA",
        ):
            self.assertContains(response, text)
        self.assertContains(response, f'href="{privacy.url}"')
        self.assertContains(response, '<input type="checkbox" name="remember" id="id_remember">', html=True)

    def test_reply_link_without_javascript_renders_the_form_answering_that_comment(self):
        comment = make_comment(self.article, name="Jens Möller")
        self.assertContains(self.client.get(self.article.url), f'href="?replytocom={comment.pk}#respond"')
        response = self.client.get(self.article.url, {"replytocom": comment.pk})
        content = response.content.decode()
        self.assertIn("Auf den Kommentar von Jens Möller antworten", content)
        self.assertIn("Antworten abbrechen", content)
        self.assertIn(f'<input type="hidden" name="parent" value="{comment.pk}"', content)
        # The form sits under the comment it answers.
        self.assertLess(content.index(f'id="comment-{comment.pk}"'), content.index('id="respond"'))

    def test_bad_replytocom_values_fall_back_to_a_plain_form(self):
        pending = make_comment(self.article, status="pending")
        for value in ("abc", "-1", "999999", str(pending.pk), "1e9"):
            with self.subTest(value=value):
                response = self.client.get(self.article.url, {"replytocom": value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Schreiben Sie einen Kommentar")


class PostingTests(ArticleTestCase):
    def test_held_comment_redirects_to_its_anchor_and_is_shown_only_to_its_writer(self):
        with recaptcha():
            response = self.client.post(post_url(self.article), post_data(self.client, text="Mein erster Gedanke"))
        comment = ReaderComment.objects.get()
        self.assertEqual(comment.status, ReaderComment.Status.PENDING)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].endswith(f"#comment-{comment.pk}"))
        own = self.client.get(response["Location"])
        self.assertContains(own, "Ihr Kommentar wartet auf Freischaltung.")
        self.assertContains(own, "Mein erster Gedanke")
        other = self.client_class().get(self.article.url)
        self.assertNotContains(other, "Mein erster Gedanke")
        forged = self.client.get(self.article.url, {"unapproved": "MQ:forged:signature"})
        self.assertNotContains(forged, "Mein erster Gedanke")

    def test_approved_comment_appears_at_once(self):
        make_comment(
            self.article,
            name="Petra Hansen",
            email="petra@example.org",
            created_at=timezone.now() - datetime.timedelta(days=3),
        )
        with recaptcha():
            response = self.client.post(
                post_url(self.article), post_data(self.client, email="petra@example.org", text="Noch ein Gedanke")
            )
        comment = ReaderComment.objects.get(text="Noch ein Gedanke")
        self.assertEqual(comment.status, ReaderComment.Status.APPROVED)
        self.assertEqual(response["Location"], f"{self.article.url}#comment-{comment.pk}")
        self.assertContains(self.client.get(self.article.url), "Noch ein Gedanke")

    def test_english_post_answers_in_english(self):
        with recaptcha():
            response = self.client.post(post_url(self.article, "en"), post_data(self.client, text=""))
        self.assertContains(response, "Please write a comment.")
        self.assertContains(response, '<html lang="en">')


class ClosingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()

    def test_closed_article_says_so_and_refuses_posts(self):
        article = make_article(self.blog_index, comments_enabled=False)
        make_comment(article, text="Alter Kommentar")
        response = self.client.get(article.url)
        self.assertContains(response, "Die Kommentarfunktion ist geschlossen.")
        self.assertContains(response, "Alter Kommentar")
        self.assertNotContains(response, 'id="commentform"')
        with recaptcha():
            response = self.client.post(post_url(article), post_data(self.client))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(ReaderComment.objects.filter(article=article).count(), 1)

    def test_comments_close_after_the_configured_days(self):
        CommentSettings.objects.create(site=self.home.get_site(), close_after_days=14)
        old = make_article(self.blog_index, date=timezone.localdate() - datetime.timedelta(days=15))
        fresh = make_article(self.blog_index, date=timezone.localdate() - datetime.timedelta(days=2))
        self.assertContains(self.client.get(old.url), "Die Kommentarfunktion ist geschlossen.")
        self.assertContains(self.client.get(fresh.url), "Schreiben Sie einen Kommentar")
        with recaptcha():
            self.assertEqual(self.client.post(post_url(old), post_data(self.client)).status_code, 403)
            self.assertEqual(self.client.post(post_url(fresh), post_data(self.client)).status_code, 302)
        self.assertEqual(list(ReaderComment.objects.values_list("article_id", flat=True)), [fresh.pk])


class ListingCountTests(QueryCountAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.articles = [make_article(cls.blog_index) for _ in range(4)]
        for number, article in enumerate(cls.articles):
            for _ in range(number):
                make_comment(article)
            make_comment(article, status="pending")

    def test_listings_show_each_articles_approved_count(self):
        for url in (self.blog_index.url, self.home.url):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Keine Kommentare")
                self.assertContains(response, "1 Kommentar<")
                self.assertContains(response, "2 Kommentare")
                self.assertContains(response, "3 Kommentare")

    def test_listing_queries_do_not_grow_with_articles_or_comments(self):
        before = len(self.steady_queries(self.blog_index.url))
        for _ in range(4):
            article = make_article(self.blog_index)
            make_comment(article)
        self.assertSteadyQueries(self.blog_index.url, before)


class QueryCountTests(QueryCountAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.small = make_article(cls.blog_index)
        cls.large = make_article(cls.blog_index)
        first = make_comment(cls.small)
        make_comment(cls.small, parent=first)
        comments = []
        for _ in range(40):
            top = make_comment(cls.large)
            second = make_comment(cls.large, parent=top)
            comments += [top, second]
            for _ in range(3):
                comments.append(make_comment(cls.large, parent=second))
        cls.large_count = len(comments)

    def test_two_hundred_comments_in_three_levels_cost_no_more_queries_than_two(self):
        self.assertEqual(self.large_count, 200)
        small_queries = self.steady_queries(self.small.url)  # also warms the caches shared by both pages
        self.assertContains(self.client.get(self.small.url), "2 Gedanken")
        with self.assertNumQueries(len(small_queries)):
            response = self.client.get(self.large.url)
        self.assertContains(response, "200 Gedanken")
        self.assertEqual(response.content.decode().count('id="comment-'), 200)


class DemoContentTests(TestCase):
    def test_seed_article_shows_the_seed_comment_and_a_reply(self):
        from home.demo.builder import DemoBuilder

        DemoBuilder().build()
        DemoBuilder().build()  # idempotent
        response = self.client.get("/artikel/muss-man-seine-kunden-lieben/")
        self.assertContains(response, "2 Gedanken zu „Muss man seine Kunden lieben?“")
        seed = SEED.read_text(encoding="utf-8")
        start = seed.index("Dienstleistung ist keine Einbahnstraße.")
        paragraphs = [line.strip() for line in seed[start:].split("Antworten")[0].splitlines() if line.strip()]
        self.assertEqual(len(paragraphs), 3)
        stored = ReaderComment.objects.get(text__startswith="Dienstleistung ist keine Einbahnstraße.")
        self.assertEqual(stored.text.split("\n\n"), paragraphs)
        self.assertEqual(ReaderComment.objects.approved().count(), 2)
        self.assertEqual(ReaderComment.objects.get(parent=stored).is_author_reply, True)


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()

    def test_an_unsaved_article_previews_with_an_empty_comment_area(self):
        from django.test import RequestFactory

        from blog.models import ArticlePage

        request = RequestFactory().get("/")
        article = ArticlePage(title="Entwurf", slug="entwurf", intro="Noch nicht gespeichert")
        context = article.get_context(request)
        self.assertEqual(context["comments"].count, 0)
        self.assertEqual(context["comments"].tree, [])
