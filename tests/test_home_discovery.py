"""The home page: the articles editors feature, then the latest, then the categories."""

import datetime

from home.models import HomePageFeaturedArticle

from .base import BilingualSiteTestCase
from .builders import english_category, make_article, make_category, translate_page


class HomePageDiscoveryTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.category = make_category()
        english_category(cls.category, "Client relations", "client-relations")
        cls.old = make_article(
            cls.blog_index, title="Ein Klassiker von 2019", date=datetime.date(2019, 3, 15), categories=[cls.category]
        )
        cls.new = make_article(cls.blog_index, title="Ganz frisch", date=datetime.date(2026, 11, 1))
        cls.old_en = translate_page(cls.old, title="A classic from 2019", slug="classic")
        HomePageFeaturedArticle.objects.create(page=cls.home, article=cls.old, sort_order=0)

    def test_featured_first_then_latest_then_categories(self):
        html = self.client.get("/").content.decode()
        featured = html.index("Empfohlene Artikel")
        latest = html.index("Neueste Artikel")
        categories = html.index("Kategorien</h2>")
        self.assertLess(featured, html.index("Ein Klassiker von 2019"))
        self.assertLess(html.index("Ein Klassiker von 2019"), latest)
        self.assertLess(latest, html.index("Ganz frisch"))
        self.assertLess(html.index("Ganz frisch"), categories)
        self.assertIn('<a href="/artikel/kategorie/kundenbeziehung/">Kundenbeziehung</a>', html)
        # A featured article is not repeated among the latest.
        self.assertEqual(html.count("Ein Klassiker von 2019</a>"), 1)

    def test_the_english_home_page_features_the_translation(self):
        html = self.client.get("/en/").content.decode()
        self.assertIn("A classic from 2019", html)
        self.assertNotIn("Ein Klassiker von 2019", html)
        self.assertIn('<a href="/en/articles/category/client-relations/">Client relations</a>', html)

    def test_a_category_is_listed_only_in_the_languages_it_has_articles_in(self):
        german_only = make_category(name="Telefonservice", slug="telefonservice")
        english_category(german_only, "Telephone service", "telephone-service")
        make_article(self.blog_index, title="Nur auf Deutsch", categories=[german_only])
        self.assertContains(self.client.get("/"), ">Telefonservice</a>")
        self.assertNotContains(self.client.get("/en/"), "Telephone service")

    def test_unpublished_featured_articles_are_left_out(self):
        self.old.unpublish()
        self.assertNotContains(self.client.get("/"), "Empfohlene Artikel")
