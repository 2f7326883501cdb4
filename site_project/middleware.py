"""Middleware for running in production: health check, database outages, and query counts for benchmarks."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.urls import resolve

from .health import check_scheduled_publishing, run_checks

logger = logging.getLogger(__name__)

DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class HealthCheckMiddleware:
    """Answer ``/healthz`` before anything else: load balancers probe by IP address over plain HTTP, so host
    validation, the HTTPS redirect, sessions and languages must not stand in the way."""

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != self.path:
            return self.get_response(request)
        healthy, checks = run_checks()
        body = {"status": "ok" if healthy else "unavailable", **checks}
        if checks["database"] == "ok":
            # Reported only when it needs attention; the status stays "ok": the site itself serves.
            scheduled = check_scheduled_publishing()
            if scheduled["status"] != "ok":
                body["scheduled_publishing"] = scheduled
        response = JsonResponse(body, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response


def returned_comment(request):
    """The text of a reader's comment whose POST failed (the database down, a server error), to be given back on the
    error page: read from the request alone, never from the database."""
    if request is None or request.method != "POST":
        return ""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Http404:
            return ""
    if match.url_name != "post_comment":
        return ""
    try:
        return request.POST.get("text", "")
    except Exception:  # a body that cannot be parsed (too big, broken multipart) has no text to give back
        return ""


def service_unavailable(request=None):
    """The styled 503 page, rendered without the database: no context processors, no page lookups."""
    context = {
        "request": request,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "returned_comment": returned_comment(request),
    }
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage during a view becomes a 503 page and one warning, not a 500 and a traceback.

    Outages raised by other middleware reach ``handler500`` (``site_project.views.server_error``), which does the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_OUTAGE_ERRORS):
            log_database_outage(request, exception)
            return service_unavailable(request)
        return None


def log_database_outage(request, exception):
    logger.warning("Database unavailable, answered %s with 503: %s", request.path, exception)


class QueryCountMiddleware:
    """Benchmarks only (``BENCH_QUERY_COUNT=1``): report the queries and time of each response in headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Query-Count"] = str(len(queries))
        response["X-Render-Time-Ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
        return response
