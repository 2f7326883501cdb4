"""RSS 2.0 and Atom feeds per language, per category and per author; full text by setting; comments feeds."""

import datetime

from wagtail.models import Site

import feedparser
from defusedxml import ElementTree

from blog.models import FeedSettings, ReaderComment

from .base import BilingualSiteTestCase
from .builders import make_article, make_author, make_category, make_comment, translate_page


class FeedTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.category = make_category()
        cls.author = make_author(name="Jürgen Weiß")
        cls.newest = make_article(
            cls.blog_index,
            title="Größere Aufträge für Bürodienste",
            intro="Über Wertschätzung & Preise – „mit Anführungszeichen“.",
            date=datetime.date(2025, 11, 18),
            categories=[cls.category],
            author=cls.author,
        )
        cls.older = make_article(cls.blog_index, title="Ablage im Griff", date=datetime.date(2024, 1, 5))
        cls.english = translate_page(cls.newest, title="Bigger orders for office services", slug="bigger-orders")

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, f"{url}: {feed.get('bozo_exception')}")
        return response, feed

    def test_rss_and_atom_of_all_articles_are_valid_with_umlauts_intact(self):
        for url, version in (("/artikel/feed/", "rss20"), ("/artikel/feed/atom/", "atom10")):
            with self.subTest(url=url):
                _response, feed = self.parse(url)
                self.assertEqual(feed.version, version)
                self.assertEqual(feed.feed.title, "Das Blog rund ums Büro")
                self.assertEqual(
                    [entry.title for entry in feed.entries], ["Größere Aufträge für Bürodienste", "Ablage im Griff"]
                )
                first = feed.entries[0]
                # Absolute, on the site's configured address.
                self.assertEqual(first.link, f"http://localhost{self.newest.url}")
                self.assertIn("Wertschätzung &amp; Preise – „mit Anführungszeichen“", first.summary)
                self.assertEqual(first.author, "Jürgen Weiß")

    def test_category_and_author_feeds_hold_only_their_articles(self):
        for url in ("/artikel/kategorie/kundenbeziehung/feed/", f"/artikel/autor/{self.author.slug}/feed/atom/"):
            with self.subTest(url=url):
                _response, feed = self.parse(url)
                self.assertEqual([entry.title for entry in feed.entries], ["Größere Aufträge für Bürodienste"])
        _response, feed = self.parse("/artikel/kategorie/kundenbeziehung/feed/")
        self.assertEqual(feed.feed.title, "Kategorie: Kundenbeziehung – Das Blog rund ums Büro")

    def test_each_language_has_its_own_feed(self):
        _response, feed = self.parse("/en/articles/feed/")
        self.assertEqual([entry.title for entry in feed.entries], ["Bigger orders for office services"])
        self.assertEqual(feed.feed.language, "en")
        self.assertEqual(feed.feed.title, "The office services blog")
        _response, german = self.parse("/artikel/feed/")
        self.assertEqual(german.feed.language, "de")

    def test_teaser_by_default_full_text_by_site_setting(self):
        _response, feed = self.parse("/artikel/feed/")
        self.assertNotIn("Einbahnstraße", feed.entries[0].summary)
        settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
        settings.full_text = True
        settings.save()
        for url in ("/artikel/feed/", "/artikel/feed/atom/"):
            with self.subTest(url=url):
                _response, feed = self.parse(url)
                self.assertIn("Kommunikation ist keine Einbahnstraße", feed.entries[0].summary)

    def test_every_page_links_the_feed_of_its_language_in_the_head(self):
        html = self.client.get("/").content.decode()
        self.assertIn(
            '<link rel="alternate" type="application/rss+xml" title="Das Blog rund ums Büro (RSS)" '
            'href="/artikel/feed/">',
            html,
        )
        html = self.client.get("/en/").content.decode()
        self.assertIn('href="/en/articles/feed/"', html)

    def test_comments_feed_per_article_is_valid(self):
        _response, feed = self.parse(self.newest.url + "feed/")
        self.assertEqual(feed.feed.title, "Kommentare zu „Größere Aufträge für Bürodienste“")
        self.assertEqual(feed.entries, [])
        _response, feed = self.parse(self.english.url + "feed/atom/")
        self.assertEqual(feed.feed.title, "Comments on “Bigger orders for office services”")
        html = self.client.get(self.newest.url).content.decode()
        self.assertIn(f'href="{self.newest.url}feed/"', html)

    def test_comments_feed_carries_approved_comments_only(self):
        make_comment(self.newest, name="Jörg Müller", text="Schöner Beitrag & gut.")
        make_comment(self.newest, name="Spam", text="Kaufen!", status=ReaderComment.Status.PENDING)
        _response, feed = self.parse(self.newest.url + "feed/")
        self.assertEqual([entry.title for entry in feed.entries], ["Kommentar von Jörg Müller"])
        self.assertIn("Schöner Beitrag &amp; gut.", feed.entries[0].summary)

    def test_feeds_stay_well_formed_xml_with_hostile_characters_already_stored(self):
        """Rows stored before input was cleaned (or written by an import) must not break a feed reader."""
        make_comment(self.newest, name="Nadine\uffff", text="Unsichtbar\ufffe: \x0c\x01<![CDATA[ ]]> & </item>")
        type(self.newest).objects.filter(pk=self.newest.pk).update(title="Größere\uffff Aufträge")
        for url in (self.newest.url + "feed/", self.newest.url + "feed/atom/", "/artikel/feed/", "/artikel/feed/atom/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                root = ElementTree.fromstring(response.content)
                text = "".join(root.itertext())
                self.assertNotIn("\uffff", text)
        _response, feed = self.parse(self.newest.url + "feed/")
        self.assertEqual(feed.entries[0].title, "Kommentar von Nadine")
        self.assertIn("Unsichtbar: &lt;![CDATA[ ]]&gt; &amp; &lt;/item&gt;", feed.entries[0].summary)
