from django.core.management.base import BaseCommand

from blog.models import ArticlePage
from blog.related import store_ranking


class Command(BaseCommand):
    help = (
        "Rank and store the related articles of every published article (or, with --missing, of those never ranked). "
        "Publishing keeps them current; run it after a bulk import that bypassed publishing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only articles without a stored ranking.")

    def handle(self, *args, missing=False, **options):
        articles = ArticlePage.objects.live().defer_streamfields().order_by("pk")
        if missing:
            articles = articles.filter(stored_related__isnull=True)
        count = 0
        for article in articles.iterator(chunk_size=200):
            store_ranking(article)
            count += 1
        self.stdout.write(f"Ranked the related articles of {count} articles.")
