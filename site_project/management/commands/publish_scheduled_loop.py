import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled every --interval seconds until stopped: scheduled articles go live by "
        "themselves under `make run`. Production uses the systemd timer in docs/deployment.md instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60, help="Seconds between two runs (default 60)")
        parser.add_argument("--iterations", type=int, default=0, help="Stop after this many runs (0: never)")

    def handle(self, *args, interval, iterations, **options):
        done = 0
        try:
            while True:
                try:
                    call_command("publish_scheduled", stdout=self.stdout)
                except Exception:
                    # Logged and tried again next round; /healthz and the dashboard report what stays overdue.
                    logger.exception("publish_scheduled failed; trying again in %s seconds", interval)
                finally:
                    # A connection kept between rounds may have been dropped by the server meanwhile.
                    if not connection.in_atomic_block:
                        close_old_connections()
                done += 1
                if iterations and done >= iterations:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            return
