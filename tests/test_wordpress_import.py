"""The WordPress import: the old blog's export into a site built like ``make run``'s, and every real-world export."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from blog.models import ArticlePage, ReaderComment
from blog.wordpress import service

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "wordpress"
BUERO = FIXTURES / "buero-blog.wordpress.xml"


class BueroBlogImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())
        cls.report = service.run_import(BUERO)

    def test_smoke(self):
        print(self.report.counts)
        for line in self.report.lines:
            print(line)
        print(ArticlePage.objects.count(), ReaderComment.objects.count())
