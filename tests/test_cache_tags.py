"""Cache tags: each kind of change refreshes exactly the pages that show it, and nothing else stays stale.

Every test warms the same set of pages (both languages: home, article list and its page 2, two category archives,
the article feed, the sitemap, the changed article, its comment feed, its older neighbour, an unrelated article),
makes one change and then reads them all again: ``miss`` means rendered afresh, ``hit`` served from the cache.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Locale, PageViewRestriction

from blog.models import Category, ReaderComment, Tag
from blog.translation import translate  # noqa: I001
from site_project.caching.utils import COMMENTS

from .base import PageCacheTestCase
from .builders import build_bilingual_site, make_article, make_author, make_category, make_comment

TAGS_PURGED, URLS_PURGED = [], []
# What shows an article's approved comments or their number; the English article points to the German discussion.
COMMENT_PAGES = {"article", "its comment feed", "home", "list", "its category", "en article"}
# Every list that shows an article's card or item.
LISTS = {"home", "list", "list page 2", "its category", "other category", "feed", "sitemap"}


class RecordingTagBackend(BaseBackend):
    """A frontend cache that purges by tag, like Varnish with xkey: remembers each purge request."""

    def purge_tags(self, tags):
        TAGS_PURGED.append(list(tags))

    def purge(self, url):
        URLS_PURGED.append(url)


class RecordingUrlBackend(BaseBackend):
    """A CDN that only purges URLs."""

    def purge(self, url):
        URLS_PURGED.append(url)


FRONTEND = {
    "tags": {"BACKEND": "tests.test_cache_tags.RecordingTagBackend"},
    "urls": {"BACKEND": "tests.test_cache_tags.RecordingUrlBackend"},
}


@override_settings(WAGTAILFRONTENDCACHE=FRONTEND)
class CacheTagTestCase(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index, cls.en_home, cls.en_index = build_bilingual_site()
        cls.category = make_category(name="Kundenbeziehung", slug="kundenbeziehung")
        cls.other_category = make_category(name="Buchhaltung", slug="buchhaltung")
        start = datetime.date(2026, 10, 1)
        # Twelve articles: ten on the list's first page, two on page 2; the oldest is unrelated to the others.
        cls.articles = [
            make_article(
                cls.blog_index, title=f"Artikel {n}", slug=f"artikel-{n}", date=start - datetime.timedelta(days=2 * n)
            )
            for n in range(12)
        ]
        cls.article = make_article(
            cls.blog_index, title="Kunden lieben", slug="kunden-lieben", date=start - datetime.timedelta(days=5)
        )
        cls.article.categories = [cls.category]
        cls.article.save_revision().publish()
        cls.unrelated = cls.articles[-1]
        cls.unrelated.categories = [cls.other_category]
        cls.unrelated.save_revision().publish()
        en = Locale.objects.get(language_code="en")
        cls.en_article = translate(cls.article, en, {"title": "Love your clients", "slug": "love-your-clients"})

    def setUp(self):
        super().setUp()
        TAGS_PURGED.clear()
        URLS_PURGED.clear()
        self.pages = {
            "home": "/",
            "list": "/artikel/",
            "list page 2": "/artikel/?page=2",
            "its category": "/artikel/kategorie/kundenbeziehung/",
            "other category": "/artikel/kategorie/buchhaltung/",
            "feed": "/artikel/feed/",
            "sitemap": "/sitemap.xml",
            "article": "/artikel/kunden-lieben/",
            "its comment feed": "/artikel/kunden-lieben/feed/",
            # Its previous/next links lead to the article.
            "neighbour": "/artikel/artikel-3/",
            "newer neighbour": "/artikel/artikel-2/",
            "newest": "/artikel/artikel-0/",
            "unrelated": f"/artikel/{self.unrelated.slug}/",
            "en home": "/en/",
            "en list": "/en/articles/",
            "en article": "/en/articles/love-your-clients/",
            **self.extra_pages(),
        }
        for name, path in self.pages.items():
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, name)
            self.assertEqual(response["X-Page-Cache"], "miss", name)

    def extra_pages(self):
        return {}

    def refreshed(self):
        """The pages rendered afresh after the change (the others came from the cache)."""
        states = {}
        for name, path in self.pages.items():
            response = self.client.get(path)
            # A page that is gone is not served from the cache either.
            states[name] = "miss" if response.status_code == 404 else response["X-Page-Cache"]
        self.assertTrue(set(states.values()) <= {"hit", "miss"}, states)
        return {name for name, state in states.items() if state == "miss"}

    def change(self, action):
        with self.captureOnCommitCallbacks(execute=True):
            action()


class CommentTests(CacheTagTestCase):
    def test_a_held_comment_refreshes_nothing(self):
        self.change(lambda: make_comment(self.article, status=ReaderComment.Status.PENDING, text="Wartet"))
        self.assertEqual(self.refreshed(), set())
        self.assertEqual(TAGS_PURGED, [])

    def test_marking_a_held_comment_as_spam_or_trash_refreshes_nothing(self):
        comment = make_comment(self.article, status=ReaderComment.Status.PENDING, text="Wartet")
        for status in (ReaderComment.Status.SPAM, ReaderComment.Status.TRASH):
            comment.status = status
            self.change(comment.save)
        self.assertEqual(self.refreshed(), set())

    def test_approving_refreshes_the_article_its_feeds_and_the_lists_showing_its_comment_count(self):
        comment = make_comment(self.article, status=ReaderComment.Status.PENDING, text="Sehr gut")
        editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
        admin = Client()
        admin.force_login(editor)
        self.change(
            lambda: admin.post(reverse(ReaderComment.snippet_viewset.get_url_name("approve"), args=[comment.pk]))
        )
        self.assertEqual(
            self.refreshed(),
            COMMENT_PAGES,
        )
        self.assertEqual(len(TAGS_PURGED), 1, TAGS_PURGED)
        self.assertIn(COMMENTS, TAGS_PURGED[0], "the site-wide comment feeds")
        self.assertContains(self.client.get(self.pages["article"]), "Sehr gut")

    def test_the_site_wide_comment_feeds_are_refreshed_by_an_approval_and_not_by_a_held_comment(self):
        feeds = ("/kommentare/feed/", "/en/comments/feed/")
        for feed in feeds:
            self.client.get(feed)
            self.assertEqual(self.client.get(feed)["X-Page-Cache"], "hit", feed)
        comment = None

        def held_comment():
            nonlocal comment
            comment = make_comment(self.article, status=ReaderComment.Status.PENDING, text="Endlich freigegeben")

        self.change(held_comment)
        self.assertEqual(self.client.get(feeds[0])["X-Page-Cache"], "hit")
        comment.status = ReaderComment.Status.APPROVED
        self.change(comment.save)
        for feed in feeds:
            self.assertEqual(self.client.get(feed)["X-Page-Cache"], "miss", feed)
        self.assertContains(self.client.get(feeds[0]), "Endlich freigegeben")

    def test_editing_or_deleting_an_approved_comment_refreshes_the_same_pages(self):
        comment = None

        def approved_comment():
            nonlocal comment
            comment = make_comment(self.article, status=ReaderComment.Status.APPROVED, text="Erst")

        self.change(approved_comment)
        self.assertEqual(self.refreshed(), COMMENT_PAGES)
        self.assertContains(self.client.get(self.pages["en article"]), "There is 1 comment on this article")
        comment.text = "Dann"
        self.change(comment.save)
        self.assertEqual(self.refreshed(), COMMENT_PAGES)
        self.change(comment.delete)
        self.assertEqual(self.refreshed(), COMMENT_PAGES)
        self.assertNotContains(self.client.get(self.pages["article"]), "Dann")


class PublishTests(CacheTagTestCase):
    def test_editing_a_published_article_refreshes_what_shows_it(self):
        self.change(lambda: self.publish(self.article, title="Kunden wirklich lieben"))
        self.assertEqual(
            self.refreshed(),
            {
                "article",
                "its comment feed",
                "home",
                "list",
                "its category",
                "feed",
                "sitemap",
                "neighbour",
                "newer neighbour",
                # The English article's language switcher leads to the German one.
                "en article",
            },
        )
        self.assertContains(self.client.get("/"), "Kunden wirklich lieben")
        self.assertContains(self.client.get(self.pages["neighbour"]), "Kunden wirklich lieben")

    def test_publishing_a_new_article_refreshes_the_lists_of_its_language_and_its_neighbour(self):
        def publish_new():
            make_article(self.blog_index, title="Ganz neu", slug="ganz-neu", date=datetime.date(2026, 10, 2))

        self.change(publish_new)
        self.assertEqual(
            self.refreshed(),
            LISTS | {"newest"},  # The newest article so far now links to it as the next article.
        )
        self.assertContains(self.client.get("/artikel/"), "Ganz neu")

    def test_unpublishing_takes_the_article_out_of_every_layer_at_once(self):
        self.change(lambda: self.article.unpublish())
        refreshed = self.refreshed()
        self.assertEqual(
            refreshed,
            LISTS
            | {
                "article",
                "its comment feed",
                "neighbour",
                "newer neighbour",
                "en article",
            },
        )
        self.assertEqual(self.client.get(self.pages["article"]).status_code, 404)
        self.assertNotContains(self.client.get("/artikel/"), "Kunden lieben")

    def test_an_english_edit_refreshes_english_pages_and_the_german_switcher_only(self):
        self.change(lambda: self.publish(self.en_article, title="Really love your clients"))
        # The sitemap lists both languages.
        self.assertEqual(self.refreshed(), {"en article", "en home", "en list", "article", "sitemap"})

    def test_a_password_on_the_article_is_asked_for_at_once(self):
        self.change(
            lambda: PageViewRestriction.objects.create(
                page=self.article, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
            )
        )
        self.assertContains(self.client.get(self.pages["article"]), 'name="password"')
        self.assertNotContains(self.client.get("/artikel/"), "Kunden lieben")


class FrontendTests(CacheTagTestCase):
    def test_responses_name_their_tags_for_varnish_and_cloudflare(self):
        response = self.client.get("/artikel/")
        xkeys = response["xkey"].split()
        self.assertIn(f"page-{self.article.pk}", xkeys)
        self.assertIn(f"comments-{self.article.pk}", xkeys)
        self.assertIn("list-de", xkeys)
        self.assertEqual(response["Cache-Tag"].split(","), xkeys)
        self.assertNotIn(f"page-{self.unrelated.pk}", xkeys, "page 2 is not shown on page 1")

    def test_a_publish_purges_each_tag_and_url_once(self):
        self.change(lambda: self.publish(self.article, title="Kunden wirklich lieben"))
        self.assertEqual(len(TAGS_PURGED), 1)
        self.assertEqual(sorted(TAGS_PURGED[0]), sorted(set(TAGS_PURGED[0])))
        self.assertIn(f"page-{self.article.pk}", TAGS_PURGED[0])
        self.assertEqual(len(URLS_PURGED), len(set(URLS_PURGED)), "each URL once")
        self.assertIn("http://localhost/artikel/kunden-lieben/", URLS_PURGED)
        self.assertIn("http://localhost/artikel/", URLS_PURGED)


class SnippetTests(CacheTagTestCase):
    """An author, category or tag refreshes the pages that show it (its archive, the articles, cards and feeds
    carrying it) and nothing else."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.author = make_author(name="Sabine Krüger", slug="sabine-krueger", bio="Schreibt über Kunden.")
        cls.other_author = make_author(name="Otto Meier", slug="otto-meier")
        cls.keyword = Tag.objects.create(name="Vertrieb", slug="vertrieb")
        cls.other_keyword = Tag.objects.create(name="Steuern", slug="steuern")
        cls.article.author = cls.author
        cls.article.tags = [cls.keyword]
        cls.article.save_revision().publish()
        cls.unrelated.author = cls.other_author
        cls.unrelated.tags = [cls.other_keyword]
        cls.unrelated.save_revision().publish()

    def extra_pages(self):
        return {
            "its author": "/artikel/autor/sabine-krueger/",
            "other author": "/artikel/autor/otto-meier/",
            "its tag": "/artikel/schlagwort/vertrieb/",
            "other tag": "/artikel/schlagwort/steuern/",
            "its category feed": "/artikel/kategorie/kundenbeziehung/feed/",
        }

    def edit(self, instance, **fields):
        def save():
            for name, value in fields.items():
                setattr(instance, name, value)
            instance.save()

        self.change(save)

    def test_renaming_a_category_refreshes_the_pages_that_show_it(self):
        self.edit(self.category, name="Kundenpflege")
        self.assertEqual(
            self.refreshed(),
            {
                "article",
                # Its cards show the category.
                "home",
                "list",
                "its category",
                "its category feed",
                "its author",
                "its tag",
                "feed",
                # No English category yet: the English article shows the German one.
                "en article",
                "en home",
                "en list",
            },
        )
        self.assertEqual(TAGS_PURGED, [[f"category-{self.category.pk}"]])
        self.assertContains(self.client.get(self.pages["article"]), "Kundenpflege")
        self.assertContains(self.client.get(self.pages["its category"]), "Kundenpflege")

    def test_editing_an_author_refreshes_their_archive_and_their_articles(self):
        self.edit(self.author, bio="Schreibt über Kunden und Vertrieb.")
        self.assertEqual(
            self.refreshed(),
            # The feeds name the author of each item.
            {"article", "home", "list", "its author", "its category", "its tag", "feed", "its category feed"},
        )
        self.assertContains(self.client.get(self.pages["its author"]), "Schreibt über Kunden und Vertrieb.")
        self.assertContains(self.client.get(self.pages["article"]), "Schreibt über Kunden und Vertrieb.")

    def test_renaming_a_tag_refreshes_the_article_and_its_archive(self):
        self.edit(self.keyword, name="Verkauf")
        self.assertEqual(self.refreshed(), {"article", "its tag"})
        self.assertContains(self.client.get(self.pages["article"]), "Verkauf")

    def test_deleting_a_category_refreshes_what_showed_it(self):
        self.change(self.other_category.delete)
        refreshed = self.refreshed()
        self.assertEqual(
            refreshed,
            {
                "other category",
                "unrelated",
                "other author",
                "other tag",
                # Its card.
                "list page 2",
                # The list of categories.
                "home",
                # Its item's categories.
                "feed",
            },
        )
        self.assertNotContains(self.client.get(self.pages["unrelated"]), "Buchhaltung")

    def test_a_new_category_refreshes_nothing_yet(self):
        self.change(lambda: Category.objects.create(name="Neu", slug="neu"))
        self.assertEqual(self.refreshed(), set())

    def test_an_english_translation_of_the_category_replaces_the_german_one_on_english_pages(self):
        def translate_category():
            self.category.copy_for_translation(Locale.objects.get(language_code="en")).save()

        self.change(translate_category)
        refreshed = self.refreshed()
        self.assertTrue({"en article", "en home", "en list"} <= refreshed, refreshed)
        self.assertFalse({"other category", "unrelated", "list page 2"} & refreshed, refreshed)
