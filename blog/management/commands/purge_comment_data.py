from django.core.management.base import BaseCommand

from blog.comments.mailing import retry_pending
from blog.comments.privacy import purge
from blog.comments.subscriptions import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete commenters' IP addresses and browser names after 7 days, and spam and trash 30 days after it was "
        "sorted out, and unconfirmed comment subscriptions after 30 days; send again the mails to readers that the "
        "mail server refused. Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        scrubbed, deleted = purge()
        self.stdout.write(f"Removed IP address and browser from {scrubbed} comments; deleted {deleted} spam/trash.")
        unconfirmed = purge_unconfirmed()
        sent, pending = retry_pending()
        self.stdout.write(
            f"Deleted {unconfirmed} unconfirmed subscriptions; sent {sent} kept mails, {pending} still kept."
        )
