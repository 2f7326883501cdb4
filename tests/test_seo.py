"""What search engines and link previews read: sitemap, robots.txt, canonical, meta tags and structured data."""

import json
import re
from unittest import mock

from site_project.seo import MultilingualSitemap

from .base import BilingualSiteTestCase
from .builders import (
    make_article,
    make_author,
    make_category,
    make_small_image,
    translate_page,
)


def json_ld_blocks(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


class SeoTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.article = make_article(
            cls.blog_index,
            title="Muss man seine Kunden lieben?",
            slug="muss-man-seine-kunden-lieben",
            intro="Über Wertschätzung und gute Zusammenarbeit.",
            author=make_author(),
            header_image=make_small_image(),
        )
        cls.english = translate_page(cls.article, title="Do you have to love your clients?", slug="love-clients")

    def test_sitemap_lists_both_languages_with_hreflang_alternates(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        xml = response.content.decode()
        self.assertIn("<loc>http://localhost/artikel/muss-man-seine-kunden-lieben/</loc>", xml)
        self.assertIn("<loc>http://localhost/en/articles/love-clients/</loc>", xml)
        self.assertIn(
            '<xhtml:link rel="alternate" hreflang="en" href="http://localhost/en/articles/love-clients/"/>', xml
        )
        self.assertIn(
            '<xhtml:link rel="alternate" hreflang="x-default" '
            'href="http://localhost/artikel/muss-man-seine-kunden-lieben/"/>',
            xml,
        )

    def test_a_large_sitemap_becomes_an_index_of_parts(self):
        with mock.patch.object(MultilingualSitemap, "limit", 2):
            index = self.client.get("/sitemap.xml").content.decode()
            self.assertIn("<sitemapindex", index)
            self.assertIn("<loc>http://testserver/sitemap-pages.xml?p=2</loc>", index)
            part = self.client.get("/sitemap-pages.xml", {"p": 2})
            self.assertEqual(part.content.decode().count("<url>"), 2)
            self.assertEqual(self.client.get("/sitemap-pages.xml", {"p": 99}).status_code, 404)

    def test_robots_txt_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")
        self.assertContains(response, "Disallow: /admin/")

    def test_canonical_link_drops_tracking_parameters_but_keeps_the_page_number(self):
        html = self.client.get(self.article.url, {"utm_source": "x"}).content.decode()
        self.assertIn('<link rel="canonical" href="http://localhost/artikel/muss-man-seine-kunden-lieben/">', html)
        for number in range(11):
            make_article(self.blog_index, title=f"Weiterer Artikel {number}")
        html = self.client.get("/artikel/", {"page": 2, "utm_source": "x"}).content.decode()
        self.assertIn('<link rel="canonical" href="http://localhost/artikel/?page=2">', html)

    def test_meta_description_open_graph_and_twitter_card_with_an_absolute_image(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn('<meta name="description" content="Über Wertschätzung und gute Zusammenarbeit.">', html)
        self.assertIn('<meta property="og:type" content="article">', html)
        self.assertIn('<meta property="og:title" content="Muss man seine Kunden lieben?">', html)
        self.assertIn('<meta property="og:locale" content="de_DE">', html)
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
        self.assertTrue(image.startswith("http://localhost/"), image)
        self.assertIn("fill-1200x630", image)
        self.assertIn('<meta name="twitter:card" content="summary_large_image">', html)

    def test_every_description_and_title_of_a_page_says_the_same(self):
        """Search results and link previews show one description: the home page's used to differ (tagline in
        <meta name="description">, introduction in og:description)."""
        self.home.intro = "Sekretariats-, Telefon- und Buchhaltungsdienste schreiben hier aus ihrem Alltag."
        self.home.save_revision().publish()
        self.blog_index.intro = "Alle Artikel, die neuesten zuerst."
        self.blog_index.save_revision().publish()
        category = make_category("Kunden", slug="kunden", description="Alles über Kunden und wie man sie behält.")
        self.article.categories.add(category)
        self.article.save_revision().publish()
        pages = {
            "home": self.home.url,
            "home with search description": None,
            "article": self.article.url,
            "article list": self.blog_index.url,
            "category archive": self.blog_index.url + "kategorie/kunden/",
        }
        descriptions = {}
        for name, url in pages.items():
            if url is None:
                self.home.search_description = "Was Bürodienstleister erleben."
                self.home.save_revision().publish()
                url = self.home.url
            with self.subTest(name):
                html = self.client.get(url).content.decode()
                meta = re.findall(r'<meta name="description" content="([^"]*)">', html)
                og = re.findall(r'<meta property="og:description" content="([^"]*)">', html)
                twitter = re.findall(r'<meta name="twitter:description" content="([^"]*)">', html)
                self.assertEqual(len(meta), 1, html)
                self.assertTrue(meta[0])
                self.assertEqual(og, meta)
                self.assertEqual(twitter, meta)
                descriptions[name] = meta[0]
                title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
                og_title = re.search(r'<meta property="og:title" content="([^"]*)">', html).group(1)
                if name.startswith("home"):
                    self.assertEqual(
                        title, "Das Blog rund ums Büro – Bürodienstleister schreiben für Dienstleister und Unternehmen"
                    )
                else:
                    self.assertEqual(title, f"{og_title} – Das Blog rund ums Büro")
        self.assertEqual(descriptions["home"], self.home.intro)
        self.assertEqual(descriptions["home with search description"], "Was Bürodienstleister erleben.")
        self.assertEqual(descriptions["category archive"], "Alles über Kunden und wie man sie behält.")

    def test_hreflang_links_to_the_translations(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn('<link rel="alternate" hreflang="en" href="http://localhost/en/articles/love-clients/">', html)
        self.assertIn(
            '<link rel="alternate" hreflang="de" href="http://localhost/artikel/muss-man-seine-kunden-lieben/">', html
        )

    def test_json_ld_blog_posting_and_breadcrumbs(self):
        posting, breadcrumbs = json_ld_blocks(self.client.get(self.article.url).content.decode())
        self.assertEqual(posting["@type"], "BlogPosting")
        self.assertEqual(posting["headline"], "Muss man seine Kunden lieben?")
        self.assertEqual(posting["datePublished"], self.article.date.isoformat())
        self.assertIn("dateModified", posting)
        self.assertEqual(posting["author"], {"@type": "Person", "name": "Sabine Krüger"})
        self.assertTrue(posting["image"]["url"].startswith("http://localhost/"))
        self.assertEqual(posting["inLanguage"], "de")
        self.assertEqual(posting["commentCount"], 0)
        self.assertEqual(breadcrumbs["@type"], "BreadcrumbList")
        self.assertEqual(
            [item["name"] for item in breadcrumbs["itemListElement"]],
            ["Das Blog rund ums Büro", "Artikel", "Muss man seine Kunden lieben?"],
        )
        english_posting = json_ld_blocks(self.client.get(self.english.url).content.decode())[0]
        self.assertEqual(english_posting["inLanguage"], "en")

    def test_json_ld_never_ends_its_script_element_early(self):
        hostile = make_article(self.blog_index, title="</script><script>alert(1)</script> & Co")
        html = self.client.get(hostile.url).content.decode()
        self.assertNotIn("<script>alert(1)", html)
        self.assertEqual(json_ld_blocks(html)[0]["headline"], "</script><script>alert(1)</script> & Co")

    def test_search_results_are_noindex(self):
        self.assertContains(self.client.get("/suche/", {"q": "Kunden"}), '<meta name="robots" content="noindex">')
        self.assertContains(self.client.get("/en/search/"), '<meta name="robots" content="noindex">')

    def test_a_lost_image_file_costs_the_preview_image_not_the_page(self):
        from django.core.cache import cache

        # Renditions are cached by image id, and ids come round again after rolled-back tests.
        cache.clear()
        image = make_small_image("Verloren")
        article = make_article(self.blog_index, title="Mit verlorenem Bild", header_image=image)
        image.file.storage.delete(image.file.name)
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'property="og:image"')
        self.assertContains(response, '<meta name="twitter:card" content="summary">')
