"""Checks of the services a request needs, for /healthz and for operators."""

import datetime
import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

from wagtail.models import Revision

logger = logging.getLogger(__name__)

# publish_scheduled runs every minute (`make run`, the systemd timer in docs/deployment.md): a page whose publishing
# time passed this long ago without going live means it does not run.
OVERDUE_AFTER = datetime.timedelta(minutes=15)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unavailable: %s", error)
        return False
    return True


def check_cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return ping()
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception as error:
        logger.warning("Health check: cache unavailable: %s", error)
        return False


def run_checks():
    """``(healthy, {"database": "ok" | "unavailable", "cache": …})``.

    Healthy while pages can be served: that needs the database, not the cache (without Redis every page is
    rendered, none served from a cache). A load balancer must not take every app server out because Redis is down.
    """
    results = {"database": check_database(), "cache": check_cache()}
    return results["database"], {name: "ok" if ok else "unavailable" for name, ok in results.items()}


def overdue_scheduled_revisions(now=None):
    """Page revisions approved for publishing more than 15 minutes ago that are still waiting, oldest first."""
    now = now or timezone.now()
    return Revision.page_revisions.filter(approved_go_live_at__lt=now - OVERDUE_AFTER).order_by("approved_go_live_at")


def check_scheduled_publishing():
    """``{"status": "ok" | "overdue", "overdue": n}``: reported, not a failure; the site itself still serves."""
    try:
        overdue = overdue_scheduled_revisions().count()
    except DatabaseError:
        return {"status": "unknown", "overdue": None}
    if overdue:
        logger.warning("Scheduled publishing: %d page(s) overdue; is publish_scheduled running?", overdue)
    return {"status": "overdue" if overdue else "ok", "overdue": overdue}
