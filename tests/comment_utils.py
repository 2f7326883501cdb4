"""Helpers for comment tests: a valid post, a patched reCAPTCHA, comments made directly."""

import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from unittest import mock

from django.conf import settings

from django_recaptcha.client import RecaptchaResponse

from blog.comments.forms import sign_start
from blog.models import ReaderComment

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
    """A valid comment post; ``client`` is the test client (or Cookie header) that sends it."""
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


def form_values(client, language=""):
    """What static/js/comments.js fetches once the reader starts writing: their CSRF token (and cookie) and the
    signed start time."""
    prefix = f"/{language}" if language else ""
    response = client.get(f"{prefix}/{'comments/form-token' if language == 'en' else 'kommentare/formular-token'}/")
    assert response.status_code == 200, response.status_code
    return response.json()


def make_comment(article, **fields):
    _counter["n"] += 1
    fields.setdefault("name", "Petra Hansen")
    fields.setdefault("email", f"leserin{_counter['n']}@example.org")
    fields.setdefault("text", f"Kommentar Nummer {_counter['n']}")
    fields.setdefault("status", ReaderComment.Status.APPROVED)
    parent = fields.get("parent")
    fields.setdefault("depth", parent.depth + 1 if parent else 1)
    return ReaderComment.objects.create(article=article, **fields)
