"""On the article page: author box, category and tag links, table of contents, previous and next article."""

import datetime

from django.test import RequestFactory

from blog.models import ArticlePage

from .base import BilingualSiteTestCase
from .builders import make_article, make_small_image, make_terms, translate_page

BODY = [
    ("heading", {"text": "Kommunikation ist keine Einbahnstraße", "level": "h2", "anchor": ""}),
    ("paragraph", "<p>Absatz eins.</p>"),
    ("heading", {"text": "Ein Unterpunkt", "level": "h3", "anchor": ""}),
    ("heading", {"text": "Fazit", "level": "h2", "anchor": "fazit"}),
]


class ArticlePageDiscoveryTests(BilingualSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.category, _, cls.tag, cls.author = make_terms(
            bio="Führt seit 2008 einen Büroservice.", photo=make_small_image("Portrait")
        )
        cls.older = make_article(cls.blog_index, title="Der Vorgänger", date=datetime.date(2025, 1, 1))
        cls.article = make_article(
            cls.blog_index,
            title="Mittendrin",
            date=datetime.date(2025, 2, 1),
            author=cls.author,
            categories=[cls.category],
            tags=[cls.tag],
            body=BODY,
            show_table_of_contents=True,
        )
        cls.newer = make_article(cls.blog_index, title="Der Nachfolger", date=datetime.date(2025, 3, 1))

    def test_author_box_with_photo_bio_and_link_to_the_author_archive(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn("Über Sabine Krüger", html)
        self.assertIn("Führt seit 2008 einen Büroservice.", html)
        self.assertIn('class="author-box__photo"', html)
        self.assertIn(f'href="/artikel/autor/{self.author.slug}/"', html)

    def test_category_and_tag_links_lead_to_their_archives(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, '<a class="tag" href="/artikel/kategorie/kundenbeziehung/">Kundenbeziehung</a>')
        self.assertContains(response, 'href="/artikel/schlagwort/kommunikation/">Kommunikation</a>')

    def test_english_article_links_the_english_category(self):
        english = translate_page(self.article, title="In the middle", slug="in-the-middle")
        response = self.client.get(english.url)
        self.assertContains(response, 'href="/en/articles/category/client-relations/">Client relations</a>')

    def test_table_of_contents_lists_level_2_headings_when_the_editor_switches_it_on(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn(
            '<a href="#kommunikation-ist-keine-einbahnstrasse">Kommunikation ist keine Einbahnstraße</a>', html
        )
        self.assertIn('<a href="#fazit">Fazit</a>', html)
        self.assertNotIn('<a href="#ein-unterpunkt">', html)
        self.assertIn('id="kommunikation-ist-keine-einbahnstrasse"', html)
        self.article.show_table_of_contents = False
        self.article.save_revision().publish()
        self.assertNotContains(self.client.get(self.article.url), 'class="toc"')

    def test_previous_and_next_article_by_date(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn(f'<a href="{self.older.url}" rel="prev">Der Vorgänger</a>', html)
        self.assertIn(f'<a href="{self.newer.url}" rel="next">Der Nachfolger</a>', html)
        html = self.client.get(self.newer.url).content.decode()
        self.assertNotIn('rel="next"', html)

    def test_preview_of_a_new_unsaved_article_has_no_neighbours_or_related_articles(self):
        article = ArticlePage(
            title="Entwurf", slug="entwurf", intro="Noch nicht gespeichert", date=datetime.date(2025, 2, 1)
        )
        context = article.get_context(RequestFactory().get("/"))
        self.assertEqual((context["previous_article"], context["next_article"]), (None, None))
        self.assertEqual(context["related_articles"], [])
