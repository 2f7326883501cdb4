"""Pages render in a fixed number of SQL queries, whatever the number of articles on them."""

from django.test import TestCase

from .assertions import QueryCountAssertions
from .builders import build_site, make_article, make_author, make_category

# Pinned counts. Raise one only with a reason in the commit message: each is paid on every uncached page view.
HOME_QUERIES = 16
INDEX_QUERIES = 16
# Comments add three: the site's comment settings, one query for the whole comment tree, and one for the
# translations that have comments of their own. Discovery adds four: tags, previous and next article (one query),
# the stored related articles, and the view restrictions looked up once for those.
ARTICLE_QUERIES = 23


class QueryCountTests(QueryCountAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.author = make_author()
        cls.categories = [make_category(name=f"Kategorie {n}", slug=f"kategorie-{n}") for n in range(3)]
        cls.articles = [make_article(cls.blog_index, author=cls.author, categories=cls.categories) for _ in range(12)]

    def test_home_page(self):
        self.assertSteadyQueries("/", HOME_QUERIES)

    def test_article_list(self):
        self.assertSteadyQueries(self.blog_index.url, INDEX_QUERIES)
        self.assertSteadyQueries(self.blog_index.url + "?page=2", INDEX_QUERIES)

    def test_article_page(self):
        self.assertSteadyQueries(self.articles[0].url, ARTICLE_QUERIES)

    def test_listing_cost_does_not_grow_with_the_number_of_articles(self):
        few = self.steady_queries(self.blog_index.url + "?page=2")  # two articles on page 2
        many = self.steady_queries(self.blog_index.url)  # ten articles on page 1
        self.assertEqual(len(few), len(many))
