from django.core.management.base import BaseCommand

from home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Build the demo site: pages in German and English, authors, categories, tags. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete all pages and snippets first, then rebuild.")

    def handle(self, *args, reset=False, **options):
        created = DemoBuilder(stdout=self.stdout).build(reset=reset)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content ready: {created} objects created."))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
