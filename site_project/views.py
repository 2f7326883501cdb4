import sys

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .middleware import DATABASE_OUTAGE_ERRORS, log_database_outage, returned_comment, service_unavailable


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database here: the error may be the database itself.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_OUTAGE_ERRORS):
        log_database_outage(request, error)
        return service_unavailable(request)
    # "We have been notified" only where someone is: otherwise the error is only in the log.
    context = {
        "request": request,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "notified": bool(settings.ADMINS),
        "returned_comment": returned_comment(request),
    }
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def admin_lockout(request, original_response=None, credentials=None):
    """django-axes' answer once a user name and IP address have failed too often: a German page, status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    response = render(
        request, "axes/lockout.html", {"lockout_minutes": minutes, "site_name": settings.WAGTAIL_SITE_NAME}, status=429
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    response = HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
