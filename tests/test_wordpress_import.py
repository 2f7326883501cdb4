"""The WordPress import: the old blog's export into a site built like ``make run``'s, re-runs, hostile files."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from blog.models import ArticlePage, Author, Category, ReaderComment, Tag, WordPressObject
from blog.wordpress import service
from home.models import StandardPage
from tests.builders import BUERO_EXPORT, build_site, imported

SEED_SENTENCE = "Ich habe den „Verkaufs-Letter“ gleich gelöscht"


def database_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, ArticlePage, ReaderComment, Author, Category, Tag, Redirect, WordPressObject)
    }


class TempExportMixin:
    def write_export(self, text, name="export.xml"):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path


class BueroBlogImportTests(TempExportMixin, TestCase):
    """The old blog's export into a fresh ``make run`` site (the demo content is there already)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())
        cls.report = service.run_import(BUERO_EXPORT)

    def test_counts(self):
        self.assertEqual(self.report.counts["post"], {"created": 8})
        self.assertEqual(self.report.counts["page"], {"created": 3})
        self.assertEqual(self.report.get("comment", "created"), 4)
        self.assertEqual(self.report.get("comment", "skipped_pingback"), 1)
        self.assertFalse([line for line in self.report.lines if line["level"] == "error"])

    def test_seed_article_arrives_with_its_text_author_categories_and_tags(self):
        article = imported("post", 4)
        self.assertEqual(article.title, "Muss man seine Kunden lieben?")
        self.assertTrue(article.live)
        text = " ".join(str(block.value) for block in article.body)
        self.assertIn(SEED_SENTENCE, text)
        self.assertIn("Kommunikation ist keine Einbahnstraße", text)
        self.assertEqual(article.author.name, "admin")
        self.assertEqual(article.date.isoformat(), "2026-11-27")
        self.assertTrue(article.intro)
        self.assertEqual(sorted(c.slug for c in article.categories.all()), ["kundenbeziehung"])
        self.assertEqual(sorted(t.slug for t in article.tags.all()), ["kommunikation", "kunden", "wertschaetzung"])
        # The demo's seed article keeps its address; the import takes the next free one and says so.
        self.assertEqual(article.slug, "muss-man-seine-kunden-lieben-2")
        self.assertTrue(any("muss-man-seine-kunden-lieben-2" in line["message"] for line in self.report.lines))

    def test_threaded_comments_arrive_with_their_statuses_and_without_ip_addresses(self):
        article = imported("post", 4)
        comments = {c.name: c for c in ReaderComment.objects.filter(article=article)}
        self.assertEqual(set(comments), {"Freelancerin", "Redaktion", "Gerda Müller-Lüdenscheidt"})
        self.assertEqual(comments["Redaktion"].parent, comments["Freelancerin"])
        self.assertEqual(comments["Redaktion"].depth, 2)
        self.assertEqual(comments["Freelancerin"].status, ReaderComment.Status.APPROVED)
        gerda = comments["Gerda Müller-Lüdenscheidt"]
        self.assertEqual(gerda.status, ReaderComment.Status.PENDING)
        self.assertEqual(gerda.text, "Wartet noch auf Freischaltung – „Anführungszeichen“ & Umlaute: äöüß.")
        self.assertEqual(gerda.created_at.isoformat(), "2019-03-02T08:15:00+00:00")
        self.assertIsNone(gerda.ip)
        self.assertIsNone(gerda.user_agent)

    def test_approved_comment_is_shown_on_the_article(self):
        article = imported("post", 4)
        response = self.client.get(article.url)
        self.assertContains(response, "Dienstleistung ist keine Einbahnstraße.")
        self.assertNotContains(response, "Wartet noch auf Freischaltung")

    def test_drafts_stay_drafts(self):
        self.assertFalse(imported("post", 13).live)
        self.assertFalse(imported("page", 3).live)
        self.assertIsInstance(imported("page", 2), StandardPage)

    def test_every_old_permalink_answers_301_to_the_new_page(self):
        from blog.wordpress import wxr

        reader = wxr.read(BUERO_EXPORT)
        next(reader)
        checked = 0
        for item in reader:
            if item.status != "publish":
                continue
            path = service.link_path(item.link)
            response = self.client.get(path)
            self.assertEqual(response.status_code, 301, path)
            page = imported(item.post_type, item.post_id)
            self.assertEqual(response["Location"], page.url, path)
            checked += 1
        self.assertEqual(checked, 9)

    def test_old_feeds_and_shortlinks_redirect(self):
        article = imported("post", 4)
        self.assertRedirects(self.client.get("/feed/"), "/artikel/feed/", 301, fetch_redirect_response=False)
        self.assertRedirects(self.client.get("/comments/feed/"), "/artikel/feed/", 301, fetch_redirect_response=False)
        self.assertRedirects(self.client.get("/?p=4"), article.url, 301, fetch_redirect_response=False)
        self.assertRedirects(
            self.client.get("/?page_id=2"), imported("page", 2).url, 301, fetch_redirect_response=False
        )
        self.assertRedirects(
            self.client.get("/category/kundenbeziehung/"),
            "/artikel/kategorie/kundenbeziehung/",
            301,
            fetch_redirect_response=False,
        )
        self.assertRedirects(
            self.client.get("/muss-man-seine-kunden-lieben/feed/"),
            article.url + "feed/",
            301,
            fetch_redirect_response=False,
        )
        self.assertRedirects(
            self.client.get("/?cat=2"), "/artikel/kategorie/kundenbeziehung/", 301, fetch_redirect_response=False
        )
        # A draft's shortlink leads nowhere; the home page answers as before.
        self.assertEqual(self.client.get("/?p=13").status_code, 200)

    def test_second_run_creates_nothing(self):
        before = database_counts()
        report = service.run_import(BUERO_EXPORT)
        self.assertEqual(database_counts(), before)
        self.assertEqual(report.counts["post"], {"unchanged": 8})
        self.assertEqual(report.get("comment", "created"), 0)

    def test_analysis_writes_nothing_and_reports_what_a_newer_export_would_do(self):
        text = BUERO_EXPORT.read_text(encoding="utf-8").replace("Beitrag 2 rund ums Büro", "Beitrag 2, überarbeitet")
        before = database_counts()
        report = service.analyse(self.write_export(text))
        self.assertEqual(database_counts(), before)
        self.assertEqual(report.counts["post"], {"unchanged": 7, "updated": 1})

    def test_newer_export_updates_what_changed_and_leaves_an_editors_change_alone(self):
        edited = imported("post", 5)
        edited.title = "Von der Redaktion geändert"
        edited.save_revision().publish()
        text = (
            BUERO_EXPORT.read_text(encoding="utf-8")
            .replace("Beitrag 2 rund ums Büro", "Beitrag 2, überarbeitet")
            .replace("Telefonservice: Fünf Fragen vor dem Start", "Telefonservice: Sechs Fragen")
        )
        report = service.run_import(self.write_export(text))
        self.assertEqual(imported("post", 6).title, "Beitrag 2, überarbeitet")
        self.assertEqual(imported("post", 5).title, "Von der Redaktion geändert")
        self.assertEqual(report.counts["post"], {"unchanged": 6, "updated": 1, "edited": 1})
        self.assertTrue(any(line["wp_id"] == 5 and line["level"] == "warning" for line in report.lines), report.lines)

    def test_command_prints_a_summary(self):
        out = StringIO()
        call_command("import_wordpress", str(BUERO_EXPORT), "--dry-run", stdout=out, stderr=StringIO())
        self.assertIn("post: unchanged 8", out.getvalue())


HOSTILE = {
    "doctype": (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;">\n]>\n'
        "<rss><channel><title>&b;</title></channel></rss>",
        "Zeile 2",
    ),
    "xxe": (
        '<?xml version="1.0"?>\n\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<rss><channel><title>&xxe;</title></channel></rss>",
        "Zeile 3",
    ),
    "truncated": (BUERO_EXPORT.read_text(encoding="utf-8")[:20000], "Zeile 262"),
    "cut_after_an_item": (
        BUERO_EXPORT.read_text(encoding="utf-8").split("</item>")[0] + "</item>\n",
        "endet vorzeitig, in Zeile 173",
    ),
    "malformed": (
        BUERO_EXPORT.read_text(encoding="utf-8").replace("</wp:post_name>", "</wp:post_nam>", 1),
        "Zeile 148, Spalte 40",
    ),
    "wrong_root": ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "<feed>"),
}


class RefusedExportTests(TempExportMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_hostile_and_broken_files_are_refused_with_the_line_and_nothing_written(self):
        for name, (text, expected) in HOSTILE.items():
            with self.subTest(name):
                path = self.write_export(text)
                before = database_counts()
                for run in (service.analyse, service.run_import):
                    with self.assertRaises(service.ExportRefused) as caught:
                        run(path)
                    self.assertIn(expected, str(caught.exception))
                self.assertEqual(database_counts(), before)

    def test_command_exits_non_zero_with_the_message(self):
        path = self.write_export(HOSTILE["doctype"][0])
        with self.assertRaisesMessage(CommandError, "Dokumenttyp"):
            call_command("import_wordpress", str(path), stdout=StringIO(), stderr=StringIO())

    def test_https_namespace_and_rebound_prefixes(self):
        text = BUERO_EXPORT.read_text(encoding="utf-8").replace(
            "http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.1/"
        )
        text = (
            text.replace('xmlns:wp="', 'xmlns:wordpress="')
            .replace("<wp:", "<wordpress:")
            .replace("</wp:", "</wordpress:")
        )
        report = service.analyse(self.write_export(text))
        self.assertEqual(report.counts["post"], {"created": 8})
        self.assertEqual(report.get("comment", "created"), 4)
