"""Every real-world WordPress export either imports with a report or is refused with a clear message."""

from django.test import TestCase
from django.utils import timezone, translation

from wagtail.models import Page, PageViewRestriction

from blog.models import ArticlePage, ReaderComment, WordPressObject
from blog.wordpress import service
from home.models import HomePage
from tests.builders import REAL_WORLD_EXPORTS, build_site, imported

THEME_UNIT_TEST = REAL_WORLD_EXPORTS / "themeunittestdata.wordpress.xml"
KEPT = ("post", "page", "comment", "author", "category", "tag", "attachment")

# What the analysis of each file reports (into an empty site, without uploads), or why it refuses the file.
EXPECTED = {
    "64-block-test-data.xml": {
        "attachment": {"missing": 9},
        "author": {"created": 2},
        "category": {"created": 7},
        "comment": {"created": 2},
        "page": {"created": 1},
        "post": {"created": 61},
        "tag": {"created": 4},
    },
    "a11y-theme-unit-test-data.xml": {
        "attachment": {"missing": 39},
        "author": {"created": 3},
        "category": {"created": 28},
        "comment": {"skipped_on_page": 3, "created": 22, "skipped_pingback": 4},
        "page": {"created": 18},
        "post": {"created": 47},
        "tag": {"created": 71},
    },
    "theme-preview.xml": {
        "author": {"created": 1},
        "category": {"created": 9},
        "comment": {"created": 2},
        "post": {"created": 7},
    },
    "themeunittestdata.wordpress.xml": {
        "attachment": {"missing": 37},
        "author": {"created": 2},
        "category": {"created": 68},
        "comment": {"created": 24, "skipped_on_page": 5, "skipped_trackback": 2, "skipped_pingback": 2},
        "page": {"created": 21},
        "post": {"created": 58},
        "tag": {"created": 114},
    },
    "wagtail-wordpress-connector/ChatGPT_Wordpress_Data.xml": {
        "author": {"created": 1},
        "category": {"created": 2},
        "page": {"created": 1},
        "post": {"created": 2},
    },
    "wagtail-wordpress-connector/Gutenberg_Test_Data.xml": {
        "attachment": {"missing": 10},
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 8},
        "tag": {"created": 2},
    },
    "wagtail-wordpress-connector/Jetpack_Shortcode_Test_Data.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/e2e/wxr-base-url-rewriting.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/e2e/wxr-comprehensive.xml": {
        "author": {"created": 2},
        "category": {"created": 2},
        "comment": {"created": 1},
        "page": {"created": 1},
        "post": {"created": 1},
        "tag": {"created": 2},
    },
    "wordpress-importer/e2e/wxr-css-urls.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/e2e/wxr-simple.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/a11y-unit-test-data.xml": {
        "attachment": {"missing": 39},
        "author": {"created": 3},
        "category": {"created": 28},
        "comment": {"created": 22, "skipped_pingback": 4},
        "page": {"created": 17},
        "post": {"created": 47},
        "tag": {"created": 71},
    },
    "wordpress-importer/phpunit/authors-multiline.xml": {"author": {"created": 3}, "post": {"created": 1}},
    "wordpress-importer/phpunit/backslashes.xml": {"post": {"created": 1}},
    "wordpress-importer/phpunit/blank-lines.xml": {"post": {"created": 1}},
    "wordpress-importer/phpunit/cdata-edge.xml": {"post": {"created": 1}},
    "wordpress-importer/phpunit/chunked-meta.xml": {"post": {"created": 1}},
    "wordpress-importer/phpunit/crazy-cdata-escaped.xml": {"author": {"created": 1}, "post": {"created": 1}},
    "wordpress-importer/phpunit/crazy-cdata.xml": (
        "The file is not well-formed XML (line 18, column 71): not well-formed (invalid token)."
    ),
    "wordpress-importer/phpunit/invalid-version-tag.xml": (
        "This does not appear to be a WordPress export: its WXR version “abc” is not a number."
    ),
    "wordpress-importer/phpunit/large-authors.xml": {"author": {"created": 300}},
    "wordpress-importer/phpunit/malformed-simple.xml": (
        "The file ends early, at line 14: it was cut off, perhaps by an interrupted download."
    ),
    "wordpress-importer/phpunit/malformed.xml": "The file is not well-formed XML (line 90, column 2): mismatched tag.",
    "wordpress-importer/phpunit/missing-tags.xml": {"post": {"created": 1}},
    "wordpress-importer/phpunit/missing-version-tag.xml": (
        "This does not appear to be a WordPress export: it has no WXR version."
    ),
    "wordpress-importer/phpunit/multiple-cdata.xml": {"post": {"created": 1}},
    "wordpress-importer/phpunit/namespace-edge-cases.xml": {
        "author": {"created": 2},
        "category": {"created": 2},
        "post": {"created": 5},
    },
    "wordpress-importer/phpunit/post-content-blank-lines.xml": {"author": {"created": 1}, "post": {"created": 1}},
    "wordpress-importer/phpunit/slashes.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "comment": {"created": 1},
        "post": {"created": 1},
        "tag": {"created": 1},
    },
    "wordpress-importer/phpunit/small-export.xml": {
        "author": {"created": 3},
        "category": {"created": 30},
        "comment": {"created": 1},
        "page": {"created": 5},
        "post": {"created": 6},
        "tag": {"created": 3},
    },
    "wordpress-importer/phpunit/term-formats.xml": {"category": {"created": 2}, "tag": {"created": 3}},
    "wordpress-importer/phpunit/term-meta.xml": {"category": {"created": 1}},
    "wordpress-importer/phpunit/test-serialized-comment-meta.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "comment": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/test-serialized-postmeta-no-cdata.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/test-serialized-postmeta-with-cdata.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/test-serialized-term-meta.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
        "tag": {"created": 1},
    },
    "wordpress-importer/phpunit/test-utw-post-meta-import.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/theme-unit-test-data.xml": {
        "attachment": {"missing": 37},
        "author": {"created": 2},
        "category": {"created": 68},
        "comment": {"created": 24, "skipped_on_page": 5, "skipped_trackback": 2, "skipped_pingback": 2},
        "page": {"created": 21},
        "post": {"created": 58},
        "tag": {"created": 114},
    },
    "wordpress-importer/phpunit/valid-wxr-1.0.xml": {
        "author": {"created": 1},
        "category": {"created": 5},
        "comment": {"created": 1},
        "page": {"created": 3},
        "post": {"created": 3},
        "tag": {"created": 4},
    },
    "wordpress-importer/phpunit/valid-wxr-1.1.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "comment": {"created": 1},
        "page": {"created": 1},
        "post": {"created": 1},
        "tag": {"created": 1},
    },
    "wordpress-importer/phpunit/wxr-flat-attachment-different-site.xml": {
        "attachment": {"missing": 1},
        "author": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/wxr-flat-attachment-same-site.xml": {
        "attachment": {"missing": 1},
        "author": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/wxr-simple.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/wxr-utf-8-challenges.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "post": {"created": 1},
    },
    "wordpress-importer/phpunit/wxr-with-sub-data.xml": {
        "author": {"created": 1},
        "category": {"created": 1},
        "comment": {"created": 1},
        "post": {"created": 1},
    },
}


class EveryFixtureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_every_fixture_is_analysed_or_refused_and_nothing_is_written(self):
        files = sorted(str(path.relative_to(REAL_WORLD_EXPORTS)) for path in REAL_WORLD_EXPORTS.rglob("*.xml"))
        self.assertEqual(files, sorted(EXPECTED))
        pages = Page.objects.count()
        for name in files:
            with self.subTest(name):
                try:
                    with translation.override("en"):
                        report = service.analyse(REAL_WORLD_EXPORTS / name)
                except service.ExportRefused as error:
                    self.assertEqual(str(error), EXPECTED[name])
                    continue
                self.assertEqual({k: v for k, v in sorted(report.counts.items()) if k in KEPT}, EXPECTED[name])
        self.assertEqual(Page.objects.count(), pages)
        self.assertFalse(WordPressObject.objects.exists())


class ThemeUnitTestImportTests(TestCase):
    """WordPress's own theme test data: statuses, restrictions, sticky posts, deep threads, shared GUIDs."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.report = service.run_import(THEME_UNIT_TEST)

    def test_counts(self):
        counts = self.report.counts
        self.assertEqual(counts["post"], {"created": 58})
        self.assertEqual(counts["page"], {"created": 21})
        self.assertEqual(
            counts["comment"], {"created": 24, "skipped_on_page": 5, "skipped_pingback": 2, "skipped_trackback": 2}
        )
        self.assertEqual(ArticlePage.objects.count(), 58)
        self.assertFalse([line for line in self.report.lines if line["level"] == "error"])

    def test_statuses(self):
        self.assertFalse(imported("post", 1164).live)
        scheduled = imported("post", 1153)
        self.assertFalse(scheduled.live)
        self.assertEqual(scheduled.go_live_at.year, 2030)
        self.assertIsNotNone(scheduled.scheduled_revision)
        self.assertTrue(imported("post", 1241).live)

    def test_password_post_keeps_its_password_and_hides_its_comments(self):
        post = imported("post", 1168)
        restriction = PageViewRestriction.objects.get(page=post)
        self.assertEqual((restriction.restriction_type, restriction.password), ("password", "enter"))
        comment = ReaderComment.objects.get(article=post)
        response = self.client.get(post.url)
        self.assertNotContains(response, comment.text[:40], status_code=200)
        self.assertContains(response, 'type="password"')

    def test_sticky_post_is_featured_on_the_home_page(self):
        home = HomePage.objects.get()
        self.assertEqual([link.article_id for link in home.featured_articles.all()], [imported("post", 1241).pk])

    def test_ten_level_thread_is_kept_and_unapproved_comments_are_held(self):
        deepest = ReaderComment.objects.get(pk=WordPressObject.objects.get(wp_type="comment", wp_id="915").object_id)
        self.assertEqual(deepest.depth, 10)
        chain = 0
        while deepest.parent_id:
            deepest = deepest.parent
            chain += 1
        self.assertEqual(chain, 9)
        held = WordPressObject.objects.get(wp_type="comment", wp_id="1015").target
        self.assertEqual(held.status, ReaderComment.Status.PENDING)

    def test_posts_sharing_a_guid_are_both_imported(self):
        self.assertNotEqual(imported("post", 568).pk, imported("post", 1158).pk)

    def test_pretty_printed_copy_creates_nothing_new(self):
        before = (Page.objects.count(), ReaderComment.objects.count(), WordPressObject.objects.count())
        report = service.run_import(REAL_WORLD_EXPORTS / "wordpress-importer" / "phpunit" / "theme-unit-test-data.xml")
        self.assertEqual((Page.objects.count(), ReaderComment.objects.count(), WordPressObject.objects.count()), before)
        self.assertNotIn("created", report.counts["post"])


class StatusEdgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_private_post_is_behind_a_login(self):
        service.run_import(REAL_WORLD_EXPORTS / "wordpress-importer" / "phpunit" / "small-export.xml")
        private = ArticlePage.objects.get(slug="private-post")
        self.assertTrue(private.live)
        restriction = PageViewRestriction.objects.get(page=private)
        self.assertEqual(restriction.restriction_type, PageViewRestriction.LOGIN)
        response = self.client.get(private.url)
        self.assertEqual(response.status_code, 302)

    def test_scheduled_date_already_past_becomes_a_draft_with_a_report_line(self):
        with translation.override("en"):
            report = service.run_import(REAL_WORLD_EXPORTS / "a11y-theme-unit-test-data.xml")
        future = [
            WordPressObject.objects.get(wp_type="post", wp_id=str(line["wp_id"])).target
            for line in report.lines
            if "already past" in line["message"]
        ]
        self.assertEqual(len(future), 1)
        self.assertFalse(future[0].live)
        self.assertLess(future[0].specific.date, timezone.localdate())
