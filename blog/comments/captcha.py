"""reCAPTCHA through django-recaptcha, with a site that still answers when Google does not."""

import http.client
import logging

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
    if getattr(settings, "RECAPTCHA_VERSION", "v2") == "v3":
        return LazyReCaptchaV3(
            action=getattr(settings, "RECAPTCHA_V3_ACTION", "comment"),
            required_score=getattr(settings, "RECAPTCHA_V3_SCORE_THRESHOLD", 0.5),
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
        self.remote_ip = remote_ip

    def get_remote_ip(self):
        # Ours, not django-recaptcha's: it trusts any X-Forwarded-For header a client sends.
        return self.remote_ip

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            if getattr(error, "code", None) == "captcha_error":
                logger.warning("reCAPTCHA verification failed: Google answered with an HTTP error.")
            raise
        except UNAVAILABLE_ERRORS as error:
            logger.warning("reCAPTCHA verification failed: %s: %s", type(error).__name__, error)
            raise ValidationError(self.error_messages["captcha_error"], code="captcha_error") from None
