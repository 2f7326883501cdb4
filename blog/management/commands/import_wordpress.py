import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blog.wordpress import service
from blog.wordpress.media import MediaRefused


class Progress:
    """A bar on a terminal; one line per 1,000 items in a log."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_line = -1

    def __call__(self, done, total, label):
        if self.tty:
            if total:
                width = 30
                filled = int(width * done / max(total, 1))
                self.stream.write(f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            else:
                self.stream.write(f"\r{label}: {done}")
            self.stream.flush()
            if total and done >= total:
                self.stream.write("\n")
        elif done // 1000 != self.last_line // 1000 or (total and done >= total):
            self.last_line = done
            self.stream.write(f"{label}: {done}" + (f"/{total}" if total else "") + "\n")


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, pages, comments, authors, categories, tags, media and redirects."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WordPress export file (Tools → Export in WordPress).")
        parser.add_argument("--uploads", help="A copy of wp-content/uploads: a folder or a .zip of it.")
        parser.add_argument(
            "--fetch-media", action="store_true", help="Fetch missing images from the old site (public hosts only)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Analyse only: report, write nothing.")
        parser.add_argument("--site-url", help="The old site's address, if it differs from the export's.")

    def handle(self, *args, export, uploads=None, fetch_media=False, dry_run=False, site_url=None, **options):
        progress = Progress(sys.stderr if self.stderr._out is sys.stderr else self.stderr)
        run = service.analyse if dry_run else service.run_import
        try:
            report = run(export, uploads=uploads, fetch_media=fetch_media, progress=progress, site_url=site_url)
        except (service.ExportRefused, MediaRefused, OSError) as error:
            raise CommandError(str(error)) from error
        for line in report.lines:
            if line["level"] != "info" or options["verbosity"] > 1:
                wp_id = f" {line['wp_id']}" if line["wp_id"] not in (None, "") else ""
                self.stdout.write(f"{line['level']}: {line['type']}{wp_id}: {line['message']}")
        self.stdout.write(_("Dry run, nothing written. It would do:") if dry_run else _("Imported:"))
        for wp_type, actions in sorted(report.counts.items()):
            summary = ", ".join(f"{action} {number}" for action, number in sorted(actions.items()))
            self.stdout.write(f"  {wp_type}: {summary}")
