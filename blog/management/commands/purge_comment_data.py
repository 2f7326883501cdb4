from django.core.management.base import BaseCommand

from blog.comments.privacy import purge


class Command(BaseCommand):
    help = (
        "Delete commenters' IP addresses and browser names after 7 days, and spam and trash 30 days after it was "
        "sorted out. Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        scrubbed, deleted = purge()
        self.stdout.write(f"Removed IP address and browser from {scrubbed} comments; deleted {deleted} spam/trash.")
