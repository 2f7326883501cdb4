from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from blog.scale_data import ScaleDataBuilder


class Command(BaseCommand):
    help = "Create many articles in German and English (with categories, tags and comments) for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="Articles per language (default 1000).")
        parser.add_argument("--comments", type=int, default=0, help="Comments per article, if comments exist.")
        parser.add_argument("--seed", type=int, default=5, help="Seed for reproducible data.")
        parser.add_argument("--no-index", action="store_true", help="Skip the search index (run update_index later).")

    def handle(self, *args, articles, comments, seed, no_index, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        builder = ScaleDataBuilder(
            articles=articles, comments=comments, seed=seed, stdout=self.stdout, index=not no_index
        )
        try:
            builder.build()
        except LookupError as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather them a little later: the planner needs them to use the
            # indexes on 100,000 new comments.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
