"""Checks of the services a request needs, for /healthz and for operators."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


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
