"""reCAPTCHA through django-recaptcha, with a site that still answers when Google does not.

reCAPTCHA is the reader's choice: Google's script loads only after they agree. A comment sent without it, or while
Google's verification is down or slow, is not refused: it is held for a moderator and marked as unverified.
"""

import concurrent.futures
import http.client
import logging
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

logger = logging.getLogger(__name__)

# Everything urllib and json raise when Google is unreachable, slow or answers nonsense. django-recaptcha 4.1
# catches only HTTPError (a subclass of OSError); URLError, timeouts and refused connections are OSErrors too.
UNAVAILABLE_ERRORS = (OSError, http.client.HTTPException, ValueError, KeyError, TypeError, AttributeError)

# What the field's clean() returns: checked by Google; not checked (no consent, no script, Google down or slow); or
# checked with a v3 score below the threshold. Only VERIFIED may be published without a moderator.
VERIFIED = "verified"
UNVERIFIED = "unverified"
LOW_SCORE = "low_score"

# Google's verification runs in these threads so that the request can stop waiting after an overall deadline:
# RECAPTCHA_VERIFY_REQUEST_TIMEOUT is a socket timeout, and a stuck name lookup ignores it. A few threads per process
# bound what hung lookups can hold; once they are all busy, further verifications time out and take the held path.
_executor = None
_executor_lock = threading.Lock()


def _verification_executor():
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="recaptcha-verify")
        return _executor


class LazyScriptMixin:
    """The widget renders no <script>: static/js/comments.js loads Google's script once the reader starts writing."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["recaptcha_version"] = self.recaptcha_version
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's template engine, so that the template lives in templates/ with all the others.
        return mark_safe(render_to_string(template_name, context))


class LazyReCaptchaV2Checkbox(LazyScriptMixin, ReCaptchaV2Checkbox):
    template_name = "blog/comments/recaptcha_widget.html"
    recaptcha_version = "v2"


class LazyReCaptchaV3(LazyScriptMixin, ReCaptchaV3):
    template_name = "blog/comments/recaptcha_widget.html"
    recaptcha_version = "v3"


def recaptcha_widget():
    if settings.RECAPTCHA_VERSION == "v3":
        return LazyReCaptchaV3(
            action=settings.RECAPTCHA_V3_ACTION,
            required_score=settings.RECAPTCHA_V3_SCORE_THRESHOLD,
        )
    return LazyReCaptchaV2Checkbox()


class CommentCaptchaField(ReCaptchaField):
    default_error_messages = {
        "required": _("Please confirm that you are not a robot."),
        "captcha_invalid": _("The spam check failed. Please confirm again that you are not a robot."),
        "captcha_error": _(
            "The spam check cannot be reached at the moment, so your comment has not been saved yet. "
            "Please try again in a moment."
        ),
    }

    def __init__(self, remote_ip=None, **kwargs):
        kwargs.setdefault("widget", recaptcha_widget())
        kwargs.setdefault("label", _("Spam protection"))
        super().__init__(**kwargs)
        # Not ours to require: a reader who declines Google, or whose browser cannot load it, still comments.
        self.required = False
        self.remote_ip = remote_ip

    def get_remote_ip(self):
        # Ours, not django-recaptcha's: it trusts any X-Forwarded-For header a client sends.
        return self.remote_ip

    def clean(self, value):
        """VERIFIED, UNVERIFIED or LOW_SCORE; raises ValidationError only for a v2 answer Google rejects, which the
        reader can solve again."""
        value = self.to_python(value)
        if not value:
            return UNVERIFIED
        deadline = settings.COMMENTS_RECAPTCHA_DEADLINE_SECONDS
        future = _verification_executor().submit(self.validate, value)
        try:
            future.result(timeout=deadline)
        except concurrent.futures.TimeoutError:
            logger.warning("reCAPTCHA verification gave no answer within %s seconds; the comment is held.", deadline)
            return UNVERIFIED
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code == "captcha_error":
                logger.warning("reCAPTCHA verification failed: Google answered with an HTTP error.")
                return UNVERIFIED
            if code == "captcha_invalid" and isinstance(self.widget, ReCaptchaV3):
                # A low score (or a token Google does not know) is a reason for a moderator to look, not a refusal.
                return LOW_SCORE
            raise
        except UNAVAILABLE_ERRORS as error:
            logger.warning("reCAPTCHA verification failed: %s: %s", type(error).__name__, error)
            return UNVERIFIED
        return VERIFIED
