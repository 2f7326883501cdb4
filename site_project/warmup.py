"""Warm a new app server process before it takes requests.

A fresh process parses every template and imports what rendering a page first needs; without this, the first reader
each gunicorn worker serves after a deploy or a restart (``max_requests``) waits about half a second.
``compile_templates()`` runs in gunicorn's master before it forks (the workers share the parsed templates);
``warm_up()`` renders the home page and the newest article once in each worker, through the whole middleware stack,
before it accepts connections. Failures are logged, never raised: a cold worker still serves.
"""

import logging
from pathlib import Path
from wsgiref.util import setup_testing_defaults

from django.apps import apps
from django.conf import settings
from django.template import engines

from blog.models import ArticlePage

logger = logging.getLogger(__name__)

PROJECT_APPS = ("home", "blog", "search")


def compile_templates():
    """Parse the project's templates into the cached template loader."""
    engine = engines["django"]
    folders = [Path(folder) for folder in engine.dirs]
    folders += [Path(apps.get_app_config(label).path) / "templates" for label in PROJECT_APPS]
    count = 0
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            try:
                engine.get_template(path.relative_to(folder).as_posix())
                count += 1
            except Exception:  # A template that needs a missing context is still worth trying for the others.
                logger.warning("Could not compile %s for warm-up", path, exc_info=True)
    return count


def warm_up(application):
    """Render the home page and the newest article once through ``application`` (a WSGI callable)."""
    paths = ["/"]
    try:
        article = ArticlePage.objects.live().public().defer_streamfields().order_by("-date").first()
        if article is not None and article.url:
            paths.append(article.url)
    except Exception:
        logger.warning("Could not find an article to warm up with", exc_info=True)
    return [request(application, path) for path in paths]


def request(application, path):
    """GET ``path`` through ``application``, bypassing the page cache; the status line, or None on failure."""
    host = next((host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", ".")), "localhost")
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    environ = {
        "PATH_INFO": path,
        "HTTP_HOST": host,
        # A cookie the page cache does not ignore: the page is rendered, not read from the cache.
        "HTTP_COOKIE": "warm-up=1",
        "HTTP_X_FORWARDED_PROTO": scheme,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
    }
    setup_testing_defaults(environ)
    status = []
    try:
        body = application(environ, lambda line, headers, exc_info=None: status.append(line))
        for _chunk in body:
            pass
        if hasattr(body, "close"):
            body.close()
    except Exception:
        logger.warning("Warm-up request for %s failed", path, exc_info=True)
        return None
    return status[0] if status else None
