"""The import's fast path: pages published directly are what an editor's publish leaves, links to later posts
become page links, the related articles are ranked once at the end, and the queries per post do not grow."""

import datetime
from io import StringIO
from unittest import mock, skipUnless

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Site

from blog import related
from blog.models import (
    ArticlePage,
    BlogIndexPage,
    ExcludedRelatedArticle,
    PinnedRelatedArticle,
    StoredRelatedArticle,
    WordPressObject,
)
from blog.wordpress import service

from .test_wordpress_import import TempExportMixin

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Test</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>sabine</wp:author_login>
<wp:author_display_name>Sabine Krüger</wp:author_display_name></wp:author>
<wp:category><wp:term_id>10</wp:term_id><wp:category_nicename>akquise</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>Akquise</wp:cat_name></wp:category>
<wp:category><wp:term_id>11</wp:term_id><wp:category_nicename>kaltakquise</wp:category_nicename>
<wp:category_parent>akquise</wp:category_parent><wp:cat_name>Kaltakquise</wp:cat_name></wp:category>
<wp:tag><wp:term_id>12</wp:term_id><wp:tag_slug>telefon</wp:tag_slug><wp:tag_name>Telefon</wp:tag_name></wp:tag>
"""

ITEM = """<item>
<title>{title}</title><link>{site}/{slug}/</link><dc:creator>sabine</dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->]]></content:encoded>
<excerpt:encoded></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="akquise">Akquise</category>
<category domain="post_tag" nicename="telefon">Telefon</category>
{comments}
</item>
"""

COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>Petra</wp:comment_author>
<wp:comment_author_email>petra@example.org</wp:comment_author_email>
<wp:comment_date>2024-03-06 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2024-03-06 09:00:00</wp:comment_date_gmt><wp:comment_content>Antwort {id}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def export(posts, site="https://buero-blog.example", prefix="beitrag"):
    """An export of ``posts``: dicts with id and optionally status, date, text, comments [(id, parent)]."""
    items = []
    for post in posts:
        comments = "".join(COMMENT.format(id=c, parent=p) for c, p in post.get("comments", ()))
        items.append(
            ITEM.format(
                site=site,
                id=post["id"],
                slug=f"{prefix}-{post['id']}",
                title=f"Beitrag {post['id']}",
                text=post.get("text", f"Text des Beitrags {post['id']}."),
                status=post.get("status", "publish"),
                date=post.get("date", "2024-03-05 09:00:00"),
                comments=comments,
            )
        )
    return HEAD.format(site=site) + "".join(items) + "</channel></rss>\n"


def imported(wp_id, site="buero-blog.example"):
    row = WordPressObject.objects.get(source_site=site, wp_type="post", wp_id=str(wp_id))
    return ArticlePage.objects.get(pk=row.object_id)


class FastPathTests(TempExportMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def run_export(self, posts, **kwargs):
        return service.run_import(self.write_export(export(posts, **kwargs)))

    def editor_published(self, **fields):
        """The same article made in the admin's way: created, then save_revision().publish()."""
        index = BlogIndexPage.objects.filter(locale__language_code="de").first()
        page = ArticlePage(title="Vom Redakteur", slug="vom-redakteur", intro="Kurz.", date=datetime.date(2024, 3, 5))
        for name, value in fields.items():
            setattr(page, name, value)
        index.add_child(instance=page)
        page.save_revision().publish()
        return ArticlePage.objects.get(pk=page.pk)

    @staticmethod
    def publish_state(page):
        revisions = list(page.revisions.order_by("-created_at", "-pk"))  # newest first
        return {
            "live": page.live,
            "has_unpublished_changes": page.has_unpublished_changes,
            "expired": page.expired,
            "revisions": len(revisions),
            "live_revision_is_latest": page.live_revision_id == page.latest_revision_id,
            "live_revision": page.live_revision_id is not None,
            "latest_revision_created_at": page.latest_revision_created_at == revisions[0].created_at,
            "draft_title": page.draft_title == page.title,
            "approved_go_live_at": [revision.approved_go_live_at for revision in revisions],
            "first_published_at": page.first_published_at is not None,
            "last_published_at": page.last_published_at is not None,
            "revision_as_object": revisions[0].as_object().title == page.title,
        }

    def test_a_published_import_is_in_the_state_an_editors_publish_leaves(self):
        self.run_export([{"id": 1}])
        page = imported(1)
        editor_page = self.editor_published()
        self.assertEqual(self.publish_state(page), self.publish_state(editor_page))
        # The original date, as before.
        moment = datetime.datetime(2024, 3, 5, 9, 0, tzinfo=datetime.UTC)
        self.assertEqual((page.first_published_at, page.last_published_at), (moment, moment))
        self.assertEqual(page.url_path, page.get_parent().url_path + "beitrag-1/")
        self.assertTrue(ArticlePage.objects.live().filter(pk=page.pk).exists())

        # Its history starts with the "created" entry an editor's new page gets, with the same fields.
        def created(page):
            entry = PageLogEntry.objects.get(page=page, action="wagtail.create")
            return (entry.label, entry.content_type, entry.content_changed, entry.deleted, entry.user_id, entry.data)

        self.assertEqual(created(page), (page.title, *created(editor_page)[1:]))
        self.assertEqual(created(editor_page)[0], editor_page.title)
        # The admin shows it: its edit view, its revisions and its history.
        admin = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "x")
        self.client.force_login(admin)
        self.assertEqual(self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code, 200)
        revisions = self.client.get(reverse("wagtailadmin_pages:revisions_index", args=[page.pk]), follow=True)
        self.assertEqual(revisions.status_code, 200)
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_a_newer_export_republishes_as_an_editors_second_publish_does(self):
        self.run_export([{"id": 1}])
        report = self.run_export([{"id": 1, "text": "Neuer Text aus WordPress."}])
        self.assertEqual(report.counts["post"], {"updated": 1})
        page = imported(1)
        self.assertIn("Neuer Text", str(page.body.raw_data[0]["value"]))
        editor = self.editor_published()
        editor.intro = "Geändert."
        editor.save_revision().publish()
        editor = ArticlePage.objects.get(pk=editor.pk)
        self.assertEqual(self.publish_state(page), self.publish_state(editor))
        self.assertIn("Neuer Text", str(page.live_revision.as_object().body.raw_data[0]["value"]))

    def test_a_draft_and_a_private_post_are_as_an_editor_leaves_them(self):
        self.run_export([{"id": 1, "status": "draft"}, {"id": 2, "status": "private"}])
        draft, private = imported(1), imported(2)
        index = BlogIndexPage.objects.filter(locale__language_code="de").first()
        editor_draft = ArticlePage(
            title="Entwurf", slug="entwurf", intro="Kurz.", date=datetime.date(2024, 3, 5), live=False
        )
        index.add_child(instance=editor_draft)
        editor_draft.save_revision()
        editor_draft = ArticlePage.objects.get(pk=editor_draft.pk)
        for page in (draft, editor_draft):
            self.assertFalse(page.live)
            self.assertTrue(page.has_unpublished_changes)
            self.assertIsNone(page.live_revision_id)
            self.assertEqual(page.latest_revision_id, page.revisions.get().pk)
        self.assertEqual(self.publish_state(private), self.publish_state(self.editor_published()))
        self.assertTrue(
            PageViewRestriction.objects.filter(page=private, restriction_type=PageViewRestriction.LOGIN).exists()
        )

    def test_a_scheduled_post_is_published_by_wagtails_publish_scheduled(self):
        future = timezone.now() + datetime.timedelta(days=3)
        self.run_export([{"id": 1, "status": "future", "date": future.strftime("%Y-%m-%d %H:%M:%S")}])
        page = imported(1)
        self.assertFalse(page.live)
        self.assertTrue(page.has_unpublished_changes)
        self.assertIsNone(page.live_revision_id)
        revision = page.revisions.get()
        self.assertEqual(page.go_live_at, revision.approved_go_live_at)
        self.assertEqual(page.go_live_at.replace(microsecond=0), future.replace(microsecond=0, tzinfo=datetime.UTC))
        with mock.patch("django.utils.timezone.now", return_value=future + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.live_revision_id, revision.pk)

    def test_a_link_to_a_later_post_becomes_a_page_link(self):
        report = self.run_export(
            [
                {
                    "id": 1,
                    "text": '<a href="https://buero-blog.example/beitrag-2/">Weiter</a> und '
                    '<a href="https://buero-blog.example/?p=3">noch einer</a>',
                },
                {"id": 2},
                {"id": 3},
            ]
        )
        first, second, third = imported(1), imported(2), imported(3)
        body = str(first.body.raw_data[0]["value"])
        self.assertIn(f'<a linktype="page" id="{second.pk}">Weiter</a>', body)
        self.assertIn(f'<a linktype="page" id="{third.pk}">noch einer</a>', body)
        self.assertNotIn("buero-blog.example", body)
        # The live revision (what the editor opens) has the page links too, and the reader gets working links.
        self.assertIn(f'linktype=\\"page\\" id=\\"{second.pk}\\"', first.live_revision.content["body"])
        self.assertIn(f'href="{second.url}"', self.client.get(first.url).content.decode())
        self.assertFalse([line for line in report.lines if "not found" in line["message"]])
        # A second run of the same file finds nothing changed.
        again = self.run_export(
            [
                {
                    "id": 1,
                    "text": '<a href="https://buero-blog.example/beitrag-2/">Weiter</a> und '
                    '<a href="https://buero-blog.example/?p=3">noch einer</a>',
                },
                {"id": 2},
                {"id": 3},
            ]
        )
        self.assertEqual(again.counts["post"], {"unchanged": 3})

    def test_a_link_to_a_later_post_that_is_not_imported_is_reported(self):
        report = self.run_export(
            [
                {"id": 1, "text": '<a href="https://buero-blog.example/beitrag-2/">Weiter</a>'},
                {"id": 2, "status": "trash"},
            ]
        )
        self.assertIn('href="https://buero-blog.example/beitrag-2/"', str(imported(1).body.raw_data[0]["value"]))
        self.assertTrue([line for line in report.lines if "beitrag-2" in line["message"]])

    def test_related_articles_are_ranked_once_at_the_end_all_at_once(self):
        with (
            mock.patch.object(related, "store_rankings", wraps=related.store_rankings) as ranking,
            mock.patch.object(related, "related_articles", wraps=related.related_articles) as one_by_one,
        ):
            self.run_export([{"id": number} for number in range(1, 6)])
        articles = [imported(number) for number in range(1, 6)]
        self.assertEqual(ranking.call_count, 1)
        self.assertEqual(sorted(a.pk for a in ranking.call_args.args[0]), sorted(a.pk for a in articles))
        self.assertEqual(one_by_one.call_count, 0)
        for article in articles:
            stored = set(StoredRelatedArticle.objects.filter(article=article).values_list("related_id", flat=True))
            # Each relates to the four others (same category and tag), also to those imported after it.
            self.assertTrue({other.pk for other in articles if other != article} <= stored, article)

    def test_the_state_noted_for_each_page_is_its_latest_revisions(self):
        """The state the import notes of a page it wrote (to tell an editor's later change from its own) is read
        from the content it serialised; it must be what the latest revision read back gives, else the next run
        would take every page for edited."""
        from .builders import BUERO_EXPORT

        self.run_export(
            [{"id": 1}, {"id": 2, "status": "draft"}, {"id": 3, "date": "2099-01-01 09:00:00", "status": "future"}]
        )
        service.run_import(BUERO_EXPORT)
        rows = WordPressObject.objects.filter(wp_type__in=["post", "page"])
        self.assertGreater(rows.count(), 4)
        for row in rows:
            page = Page.objects.get(pk=row.object_id).specific
            self.assertEqual(row.imported_hash, service.Importer.page_state(page), page.title)

    def test_the_reference_index_has_the_rows_wagtail_writes(self):
        """The import indexes its pages' references in bulk at the end: the rows Wagtail's own indexing writes."""
        self.run_export(
            [{"id": 1, "text": '<a href="https://buero-blog.example/beitrag-2/">Weiter</a>'}, {"id": 2}, {"id": 3}]
        )
        pages = [imported(1), imported(2), imported(3)]
        page_type = ContentType.objects.get_for_model(Page)

        def rows():
            found = ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=[str(p.pk) for p in pages])
            columns = ("content_type", "object_id", "to_content_type", "to_object_id", "model_path", "content_path")
            return sorted(found.values_list(*columns, "content_path_hash"))

        ours = rows()
        # The first article's link to the second (written once the second was imported) and each author.
        self.assertIn(str(pages[1].pk), [row[3] for row in ours if row[1] == str(pages[0].pk)])
        self.assertEqual({row[1] for row in ours if row[4] == "author"}, {str(p.pk) for p in pages})
        ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=[str(p.pk) for p in pages]).delete()
        for page in pages:
            ReferenceIndex.create_or_update_for_object(ArticlePage.objects.get(pk=page.pk))
        self.assertEqual(rows(), ours)

        # A reference the page no longer has is removed, as Wagtail removes it; the others stay.
        first = ArticlePage.objects.get(pk=pages[0].pk)
        first.body = [("paragraph", "<p>Ohne Verweis.</p>")]
        service.index_references(ArticlePage, [first])
        left = [row for row in rows() if row[1] == str(first.pk)]
        self.assertNotIn(str(pages[1].pk), [row[3] for row in left])
        self.assertIn("author", [row[4] for row in left])

    def test_a_failed_batch_of_redirects_is_saved_one_by_one_and_what_fails_is_reported(self):
        self.run_export([{"id": 1}])
        importer = service.Importer(self.write_export(export([{"id": 1}])))
        importer.dry_run = False
        importer.site = Site.objects.get(is_default_site=True)
        target = imported(1)
        importer.pending_redirects = {
            f"/alt-{n}": {
                "redirect_page_id": target.pk,
                "redirect_page_route_path": "",
                "redirect_link": "",
                "is_permanent": True,
            }
            for n in range(3)
        }
        write = service.Importer.write_redirects

        def failing(self, pending):
            if len(pending) > 1 or "/alt-1" in pending:
                raise IntegrityError("duplicate key")
            return write(self, pending)

        # Outside an item (the import's end), where the batch is a transaction of its own.
        outside = mock.Mock(in_atomic_block=False)
        with (
            mock.patch.object(service.Importer, "write_redirects", failing),
            mock.patch.object(service, "connection", outside),
        ):
            importer.save_redirects()
        saved = set(Redirect.objects.filter(old_path__startswith="/alt-").values_list("old_path", flat=True))
        self.assertEqual(saved, {"/alt-0", "/alt-2"})
        self.assertEqual(importer.report.counts["redirect"], {"created": 2, "failed": 1})
        [line] = [line for line in importer.report.lines if line["type"] == "redirect"]
        self.assertIn("/alt-1", line["message"])

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL's planner statistics")
    def test_postgresql_statistics_follow_the_growing_tables(self):
        """Analysed as the pages double: the planner knows the articles are many, not the demo's few."""

        def planned_pages():
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Page._meta.db_table])
                return cursor.fetchone()[0]

        before = Page.objects.count()
        with mock.patch.object(service, "ANALYSE_FROM", 1):
            self.run_export([{"id": n} for n in range(1, 6)])
        # Refreshed after the first, second and fourth article: the table then had all rows but the fifth's.
        self.assertEqual(planned_pages(), before + 4)

    def test_a_category_parent_our_model_cannot_hold_is_reported(self):
        report = self.run_export([{"id": 1}])
        lines = [line for line in report.lines if line["type"] == "category" and line["wp_id"] == "kaltakquise"]
        self.assertEqual(len(lines), 1)
        self.assertIn("akquise", lines[0]["message"])

    def test_queries_per_post_do_not_grow_with_the_run(self):
        def queries(count, site):
            posts = [{"id": n, "comments": [(n * 10, 0), (n * 10 + 1, n * 10)]} for n in range(1, count + 1)]
            path = self.write_export(export(posts, site=f"https://{site}.example", prefix=site))
            with CaptureQueriesContext(connection) as context:
                service.run_import(path)
            return len(context.captured_queries)

        queries(1, "null")  # the first run of all creates the author, categories and tags: not counted
        one = queries(1, "eins")
        two = queries(2, "zwei")
        five = queries(5, "fuenf")
        per_post = two - one
        self.assertEqual(five - one, 4 * per_post)
        # A post with its author, terms, two comments (a thread), redirects and ranking: a bounded number.
        self.assertLessEqual(per_post, 20)
        self.assertEqual(Page.objects.filter(title="Beitrag 5").count(), 1)


class BulkRankingTests(TestCase):
    """The import's end ranks all its articles at once (``related.store_rankings``); what it stores must be what the
    normal ranking (``related.store_ranking``, the one a publish runs) stores for each of them."""

    @classmethod
    def setUpTestData(cls):
        import random

        from .builders import build_english_site, build_site, make_article, make_category, make_tag, translate_page

        rng = random.Random(11)
        cls.home, cls.blog_index = build_site()
        categories = [make_category(name=f"Kategorie {n}", slug=f"kategorie-{n}") for n in range(4)]
        tags = [make_tag(name=f"Schlagwort {n}", slug=f"schlagwort-{n}") for n in range(5)]
        day = datetime.date(2024, 6, 1)
        cls.articles = []
        for number in range(36):
            cls.articles.append(
                make_article(
                    cls.blog_index,
                    title=f"Artikel {number}",
                    # Several on one date (ties broken by pk), some a year or more apart (no date bonus).
                    date=day - datetime.timedelta(days=rng.choice([0, 0, 3, 40, 366, 367, 500, 900])),
                    categories=rng.sample(categories, rng.choice([0, 1, 1, 2])),
                    tags=rng.sample(tags, rng.choice([0, 1, 2, 3])),
                )
            )
        # Not live, and private: never related; the private one is still ranked itself.
        cls.articles[5].unpublish()
        PageViewRestriction.objects.create(page=cls.articles[6], restriction_type=PageViewRestriction.LOGIN)
        # An editor's pin and exclusion (ranked the normal way, and must come out the same).
        PinnedRelatedArticle.objects.create(article=cls.articles[7], page=cls.articles[20])
        ExcludedRelatedArticle.objects.create(article=cls.articles[8], page=cls.articles[9])
        # A language of its own: English articles relate only to English ones.
        build_english_site(cls.home, cls.blog_index)
        cls.english = [translate_page(cls.articles[n], title=f"Article {n}", slug=f"article-{n}") for n in (1, 2, 3)]

    @staticmethod
    def stored():
        return sorted(
            StoredRelatedArticle.objects.values_list("article_id", "position", "related_id", "relevance", "pinned")
        )

    def test_the_bulk_ranking_stores_what_the_normal_ranking_stores(self):
        live = list(ArticlePage.objects.live().order_by("pk"))
        self.assertGreater(len(live), 36)
        StoredRelatedArticle.objects.all().delete()
        for article in live:
            related.store_ranking(article)
        normal = self.stored()
        self.assertGreater(len(normal), 100)
        StoredRelatedArticle.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            related.store_rankings(live)
        self.assertEqual(self.stored(), normal)
        # Set-based: a handful of queries per language, not one per article.
        self.assertLess(len(context.captured_queries), 30)

    def test_the_import_end_ranks_in_bulk(self):
        StoredRelatedArticle.objects.all().delete()
        pks = [article.pk for article in self.articles] + [article.pk for article in self.english]
        for article in ArticlePage.objects.filter(pk__in=pks).live():
            related.store_ranking(article)
        normal = self.stored()
        StoredRelatedArticle.objects.all().delete()
        with mock.patch.object(related, "related_articles", wraps=related.related_articles) as ranking:
            related.refresh_after_changes(pks)
        self.assertEqual(self.stored(), normal)
        # Only the articles with an editor's pin or exclusion are ranked by a query of their own.
        self.assertEqual(ranking.call_count, 2)
