"""What tests stand on besides content: the page-cache test case, a reader posting a comment, free ports, and the
settings harness that starts a fresh Python with the production (or any) settings."""

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.cache import cache as django_cache
from django.test import TestCase, override_settings

from django_recaptcha.client import RecaptchaResponse

from blog.comments.forms import sign_start

from .builders import build_english_site, build_site, make_article, make_category

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = "site_project.settings.production"


# Test cases


class SiteTestCase(TestCase):
    """The German site with one article, „Kunden lieben“ at /artikel/kunden-lieben/, in ``category``."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.category = make_category()
        cls.article = make_article(
            cls.blog_index, title="Kunden lieben", slug="kunden-lieben", categories=[cls.category]
        )


class ArticleTestCase(TestCase):
    """The German site with one article, „Muss man seine Kunden lieben?“ (the seed's article), as ``article``."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index, title="Muss man seine Kunden lieben?")


class BilingualSiteTestCase(TestCase):
    """The site in German and, copied for translation, in English: ``home``, ``blog_index``, ``home_en`` and
    ``index_en``; no articles."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.home_en, cls.index_en = build_english_site(cls.home, cls.blog_index)


@override_settings(PAGE_CACHE_ENABLED=True)
class PageCacheTestCase(SiteTestCase):
    """``SiteTestCase`` with the page cache on and empty before each test."""

    def setUp(self):
        django_cache.clear()

    def get(self, path, client=None, **extra):
        return (client or self.client).get(path, **extra)

    def publish(self, page, **changes):
        for name, value in changes.items():
            setattr(page, name, value)
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()


# A reader writing a comment

_counter = {"n": 0}


@contextmanager
def recaptcha(valid=True, side_effect=None):
    """Patch Google's verification: valid, invalid, or raising ``side_effect``."""
    with mock.patch("django_recaptcha.fields.client.submit") as submit:
        if side_effect is not None:
            submit.side_effect = side_effect
        else:
            submit.return_value = RecaptchaResponse(is_valid=valid, extra_data={"score": 0.9}, action="comment")
        yield submit


def csrf_secret_of(client):
    """The CSRF secret a test client (or a Cookie header) will send: the signed start time is bound to it."""
    if client is None:
        return ""
    if isinstance(client, str):
        cookies = SimpleCookie()
        cookies.load(client)
    else:
        cookies = client.cookies
    morsel = cookies.get(settings.CSRF_COOKIE_NAME)
    return morsel.value if morsel else ""


def post_data(client=None, **fields):
    """A valid comment post; ``client`` is the test client (or Cookie header) that sends it. A field given as
    ``None`` is left out."""
    _counter["n"] += 1
    data = {
        "text": "Ein sehr guter Artikel, danke!",
        "name": "Petra Hansen",
        "email": f"leser{_counter['n']}@example.org",
        "url": "",
        "parent": "",
        "fax_number": "",
        "started": sign_start(time.time() - 60, secret=csrf_secret_of(client)),
        "g-recaptcha-response": "token",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post_url(article, language=""):
    prefix = f"/{language}" if language else ""
    return f"{prefix}/{'comments' if language == 'en' else 'kommentare'}/{article.pk}/"


def post_comment(client, article, language="", **fields):
    """Post a valid comment (Google says yes) as ``client`` would from the article's form; return the response."""
    with recaptcha():
        return client.post(post_url(article, language), post_data(client, **fields))


def form_values(client, language=""):
    """What static/js/comments.js fetches once the reader starts writing: their CSRF token (and cookie) and the
    signed start time."""
    prefix = f"/{language}" if language else ""
    response = client.get(f"{prefix}/{'comments/form-token' if language == 'en' else 'kommentare/formular-token'}/")
    assert response.status_code == 200, response.status_code
    return response.json()


# Servers the tests start


def free_port():
    """A loopback port that nothing listens on now: for a server a test starts, or a service that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The settings harness: a fresh Python process, as gunicorn or manage.py would start


@cache
def documented_environment():
    """The values in .env.example, as an operator (and CI) sources them."""
    output = subprocess.run(
        ["bash", "-c", "set -a; . ./.env.example; set +a; env -0"],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        check=True,
    ).stdout.decode()
    return dict(item.split("=", 1) for item in output.split("\0") if "=" in item)


def run_python(code, settings_module=PRODUCTION, **environ):
    """Run ``code`` in a fresh Python with ``settings_module``. The production settings get the documented
    environment; ``environ`` overrides it (``None`` removes a variable). The caller's DJANGO_*, REDIS_* and AWS_*
    variables are not inherited."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "AWS_"))}
    if settings_module == PRODUCTION:
        env.update(documented_environment())
        env["DATABASE_URL"] = "sqlite:///:memory:"
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    for key, value in environ.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def settings_in_fresh_process(expressions, settings_module=PRODUCTION, **environ):
    """Evaluate ``{name: "settings.X[...]"}`` in a fresh Python (see ``run_python``); return ``{name: value}``."""
    values = ", ".join(f"{name!r}: {expression}" for name, expression in expressions.items())
    code = f"import json, django\ndjango.setup()\nfrom django.conf import settings\nprint(json.dumps({{{values}}}))"
    result = run_python(code, settings_module, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
