"""Related articles are ranked when an article or one of its neighbours changes, not on every render."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from wagtail.models import PageViewRestriction

from blog.models import ArticlePage, ExcludedRelatedArticle, StoredRelatedArticle
from blog.related import articles_to_rerank

from .builders import build_english_site, build_site, make_article, make_category, make_tag, translate_page

DAY = datetime.date(2025, 6, 1)


def related_titles(response):
    html = response.content.decode()
    if 'id="related-heading"' not in html:
        return []
    section = html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in section.split('class="related__title"')[1:]]


class StoredRankingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.clients = make_category()
        cls.office = make_category(name="Büroalltag", slug="bueroalltag")
        cls.prices = make_tag(name="Preise", slug="preise")
        cls.talk = make_tag()
        cls.older = [
            make_article(
                cls.blog_index,
                title=f"Nachbar {n}",
                date=DAY - datetime.timedelta(days=400 + 10 * n),
                categories=[cls.clients],
            )
            for n in range(7)
        ]
        cls.article = make_article(
            cls.blog_index, title="Ausgang", date=DAY, categories=[cls.clients], tags=[cls.prices, cls.talk]
        )
        cls.unrelated = make_article(cls.blog_index, title="Ohne Gemeinsamkeit", date=DAY, categories=[cls.office])

    def get_titles(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return related_titles(response)

    def test_a_render_reads_the_stored_ranking_without_ranking(self):
        self.assertTrue(StoredRelatedArticle.objects.filter(article=self.article).exists())
        with mock.patch("blog.related.related_articles", side_effect=AssertionError("ranked per render")):
            self.assertEqual(self.get_titles(self.article), ["Nachbar 0", "Nachbar 1", "Nachbar 2"])

    def test_publishing_a_closer_neighbour_puts_it_first_on_the_other_article(self):
        self.get_titles(self.article)
        make_article(
            self.blog_index,
            title="Neu und nah",
            date=DAY + datetime.timedelta(days=2),
            categories=[self.clients],
            tags=[self.prices, self.talk],
        )
        self.assertEqual(self.get_titles(self.article), ["Neu und nah", "Nachbar 0", "Nachbar 1"])

    def test_an_unrelated_publish_ranks_nothing_again(self):
        self.assertEqual(articles_to_rerank(self.unrelated), set())
        weak = make_article(self.blog_index, title="Schwach", date=DAY - datetime.timedelta(days=3000), tags=[])
        self.assertNotIn(self.article.pk, articles_to_rerank(weak))

    def test_an_unpublished_neighbour_is_gone_at_once_and_the_next_takes_its_place(self):
        self.older[0].unpublish()
        self.assertEqual(self.get_titles(self.article), ["Nachbar 1", "Nachbar 2", "Nachbar 3"])

    def test_a_neighbour_made_private_is_never_shown(self):
        PageViewRestriction.objects.create(page=self.older[1], restriction_type="password", password="geheim")
        self.assertEqual(self.get_titles(self.article), ["Nachbar 0", "Nachbar 2", "Nachbar 3"])

    def test_a_deleted_neighbour_is_replaced_once_the_deletion_is_committed(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.older[2].delete()
        self.assertEqual(StoredRelatedArticle.objects.filter(article=self.article).count(), 6)
        self.assertEqual(self.get_titles(self.article), ["Nachbar 0", "Nachbar 1", "Nachbar 3"])

    def test_an_editors_exclusion_applies_when_the_article_is_published(self):
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.excluded_related = [ExcludedRelatedArticle(page=self.older[0])]
        article.save_revision().publish()
        self.assertEqual(self.get_titles(self.article), ["Nachbar 1", "Nachbar 2", "Nachbar 3"])

    def test_an_article_never_ranked_is_ranked_on_its_first_render_and_stored(self):
        StoredRelatedArticle.objects.all().delete()
        self.assertEqual(self.get_titles(self.article), ["Nachbar 0", "Nachbar 1", "Nachbar 2"])
        self.assertEqual(StoredRelatedArticle.objects.filter(article=self.article).count(), 6)

    def test_the_command_ranks_articles_imported_without_publishing(self):
        StoredRelatedArticle.objects.all().delete()
        call_command("rank_related_articles", "--missing", stdout=mock.MagicMock())
        self.assertEqual(StoredRelatedArticle.objects.filter(article=self.article).count(), 6)
        with mock.patch("blog.related.related_articles", side_effect=AssertionError("ranked per render")):
            self.assertEqual(self.get_titles(self.article), ["Nachbar 0", "Nachbar 1", "Nachbar 2"])

    def test_each_language_stores_its_own_articles(self):
        build_english_site(self.home, self.blog_index)
        neighbour_en = translate_page(self.older[3], title="Neighbour three", slug="neighbour-three")
        article_en = translate_page(self.article, title="Starting point", slug="starting-point")
        self.assertEqual(self.get_titles(article_en), ["Neighbour three"])
        self.assertEqual(
            list(StoredRelatedArticle.objects.filter(article=article_en).values_list("related_id", flat=True)),
            [neighbour_en.pk],
        )

    def test_a_publish_leaves_articles_never_ranked_to_their_first_render(self):
        """After a bulk import nothing is ranked: one publish must not rank thousands of articles."""
        StoredRelatedArticle.objects.all().delete()
        newcomer = make_article(
            self.blog_index, title="Neu", date=DAY, categories=[self.clients], tags=[self.prices, self.talk]
        )
        self.assertFalse(StoredRelatedArticle.objects.filter(article=self.article).exists())
        self.assertTrue(StoredRelatedArticle.objects.filter(article=newcomer).exists())
        self.assertEqual(self.get_titles(self.article)[0], "Neu")
