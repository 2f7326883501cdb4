"""The import's deferred work: search index, reference index and page cache refresh run once, at the end of a run,
also when the run fails, and Wagtail's handlers are back afterwards."""

from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from wagtail.models import ReferenceIndex

from blog.models import ArticlePage, Author, WordPressObject
from blog.wordpress import service
from site_project.caching import utils as cache

from .builders import BUERO_EXPORT


def search_finds(text):
    """What a German reader's search finds: the search's stemming follows the active language, which an earlier
    test's admin requests may have left at English in this thread."""
    with translation.override("de"):
        return list(ArticlePage.objects.live().search(text).results())


class DeferredWorkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def imported_article(self):
        row = WordPressObject.objects.get(wp_type="post", wp_id="4")
        return ArticlePage.objects.get(pk=row.object_id)

    def assert_handlers_back(self):
        """An editor's save after the run updates both indexes and refreshes the page cache at once, as always."""
        article = self.imported_article()
        with (
            mock.patch("modelsearch.signal_handlers.insert_or_update_object_task") as search_update,
            mock.patch("wagtail.signal_handlers.update_reference_index_task") as reference_update,
            self.captureOnCommitCallbacks() as callbacks,
        ):
            article.save_revision().publish()
        search_update.enqueue.assert_called()
        reference_update.enqueue.assert_called()
        self.assertTrue(callbacks)

    def test_imported_articles_are_searchable_and_used_references_are_listed_after_the_run(self):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            service.run_import(BUERO_EXPORT)
        article = self.imported_article()
        self.assertIn(article.pk, [page.pk for page in search_finds("Kunden lieben")])
        # Wagtail's "usage" of the author (the admin's references listing) shows the imported article.
        author = Author.objects.get(pk=article.author_id)
        referring = {ref.object_id for ref in ReferenceIndex.get_references_to(author)}
        self.assertIn(str(article.pk), referring)
        # One page cache refresh for the whole run, not one per imported item.
        self.assertEqual(len(callbacks), 1)
        self.assert_handlers_back()

    def test_the_page_cache_is_refreshed_once_at_the_end(self):
        with (
            mock.patch.object(cache, "carry_out", wraps=cache.carry_out) as bump,
            self.captureOnCommitCallbacks(execute=True),
        ):
            service.run_import(BUERO_EXPORT)
        self.assertEqual(bump.call_count, 1)

    def test_a_failing_run_still_indexes_and_refreshes_what_it_wrote_and_restores_the_handlers(self):
        with (
            mock.patch.object(cache, "carry_out", wraps=cache.carry_out) as bump,
            mock.patch.object(service.Importer, "finish", side_effect=RuntimeError("disk full")),
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(RuntimeError),
        ):
            service.run_import(BUERO_EXPORT)
        self.assertEqual(bump.call_count, 1)
        self.assertIn(self.imported_article().pk, [page.pk for page in search_finds("Kunden lieben")])
        self.assert_handlers_back()

    def test_a_dry_run_refreshes_nothing(self):
        with (
            mock.patch.object(cache, "carry_out") as bump,
            self.captureOnCommitCallbacks(execute=True) as callbacks,
        ):
            service.analyse(BUERO_EXPORT)
        self.assertEqual(callbacks, [])
        bump.assert_not_called()
