"""The one comment form: validation of every field, the honeypot and the minimum fill time.

The form reaches every reader alike, from the page cache or a CDN: its CSRF token and signed start time are not in
the page but fetched by static/js/comments.js from ``form_values`` (views.form_token) once the reader starts writing,
together with reCAPTCHA.
"""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.forms.utils import ErrorDict
from django.middleware.csrf import get_token
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from blog.models.comments import MAX_TEXT_LENGTH, CommentSubscription
from blog.text import reader_text

from .captcha import UNVERIFIED, CommentCaptchaField

PARENT_UNAVAILABLE = _("The comment you are replying to is not available. Please write a new comment.")
FORM_EXPIRED = _(
    "Your comment could not be sent because the form's security check had expired or your browser does not accept "
    "cookies from this site. Please check your comment and send it again."
)
NO_SCRIPT = _(
    "Your browser does not run the page's script, so the form first had to collect its security token: please send "
    "your comment again."
)
START_EXPIRED = _(
    "Your comment has not been sent yet because the form's security check had expired. Please check it and send it "
    "again."
)
COMMENTS_CLOSED = _("Comments on this article have been closed, so your comment could not be saved. Here is your text.")
TIMESTAMP_SALT = "blog.comments.form-started"
# The largest id a request may name: PostgreSQL's bigint and SQLite's integer; beyond it the database raises.
MAX_ID = 2**63 - 1


def clean_text(value, single_line):
    value = reader_text(value)
    if single_line:
        value = " ".join(value.split())
    return value.strip()


class SafeCharField(forms.CharField):
    """Removes control, bidi-override and XML-forbidden characters before validation, so that a NUL byte never
    reaches a database and a U+FFFF never breaks a feed."""

    def __init__(self, *, single_line=True, **kwargs):
        self.single_line = single_line
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, self.single_line)
        return super().to_python(value)


class SafeEmailField(forms.EmailField):
    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, single_line=True)
        return super().to_python(value)


class WebsiteField(forms.URLField):
    """Only http and https: a ``javascript:`` or ``data:`` address never becomes a link."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": _("Please enter a web address starting with http:// or https://.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, single_line=True)
            other_scheme = re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and not re.match(
                r"^(https?://|[^:/]+:\d+)", value, re.IGNORECASE
            )
            if other_scheme:
                # javascript:, data:, ftp: and the like: refuse rather than guess.
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def parse_id(value):
    """An id from a request: ASCII digits within the database's range, else None (answered like a missing object).
    ``str.isdigit()`` alone lets "²" or "①" through to int(), which raises."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def _csrf_binding(secret):
    # A digest, not the secret: the signed value travels in the form and must not reveal the CSRF cookie.
    return salted_hmac(TIMESTAMP_SALT, secret or "").hexdigest()[:32]


def csrf_secret(request):
    """This reader's CSRF secret, as CsrfViewMiddleware read it from the cookie (or made it for get_token)."""
    return request.META.get("CSRF_COOKIE", "") if request is not None else ""


def sign_start(now=None, secret=""):
    """The signed time the reader started writing, bound to their CSRF secret: nobody else can use it."""
    return signing.dumps([int(now if now is not None else time.time()), _csrf_binding(secret)], salt=TIMESTAMP_SALT)


def form_values(request):
    """What the comment form needs from this reader's session: a CSRF token (which also sets the CSRF cookie) and
    the signed time at which they started writing."""
    token = get_token(request)
    return {"csrfmiddlewaretoken": token, "started": sign_start(secret=csrf_secret(request))}


class StartExpired(Exception):
    """The start time is genuine but too old, or was issued to another reader: ask the reader to send again."""


def seconds_since_start(token, secret=""):
    """Seconds since the reader started writing, or None when the token is missing or forged.

    Raises StartExpired for a token older than COMMENTS_FORM_MAX_AGE or bound to another CSRF secret.
    """
    max_age = settings.COMMENTS_FORM_MAX_AGE
    try:
        value = signing.loads(token, salt=TIMESTAMP_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise StartExpired from None
    except (signing.BadSignature, TypeError, ValueError):
        return None
    try:
        started, binding = value
        started = int(started)
    except (TypeError, ValueError):
        return None
    if not constant_time_compare(binding, _csrf_binding(secret)):
        raise StartExpired
    return time.time() - started


# Django's templates for these widgets, rendered here in Python to the same HTML: the comment form is on every
# article, and the template engine spent more on its ten inputs than on the rest of the form.
_INPUT_TEMPLATES = {f"django/forms/widgets/{name}.html" for name in ("text", "email", "url", "hidden", "checkbox")}
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _formatted(value):
    # {{ value|stringformat:"s" }}: formatted, escaped unless it was safe already.
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs_html(attrs):
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class InlineRenderedWidget:
    """A widget rendered without the template engine when Django's own template for it is in use."""

    def _render(self, template_name, context, renderer=None):
        if isinstance(renderer or get_default_renderer(), DjangoTemplates):
            widget = context["widget"]
            if template_name in _INPUT_TEMPLATES:
                value = widget["value"]
                value = "" if value is None else f' value="{_formatted(value)}"'
                return mark_safe(  # noqa: S308 - every part is escaped
                    f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
                    f"{value}{_attrs_html(widget['attrs'])}>"
                )
            if template_name == _TEXTAREA_TEMPLATE:
                value = conditional_escape(widget["value"]) if widget["value"] else ""
                return mark_safe(  # noqa: S308 - every part is escaped
                    f'<textarea name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>\n'
                    f"{value}</textarea>"
                )
        return super()._render(template_name, context, renderer)


class TextInput(InlineRenderedWidget, forms.TextInput):
    pass


class EmailInput(InlineRenderedWidget, forms.EmailInput):
    pass


class URLInput(InlineRenderedWidget, forms.URLInput):
    pass


class HiddenInput(InlineRenderedWidget, forms.HiddenInput):
    pass


class CheckboxInput(InlineRenderedWidget, forms.CheckboxInput):
    pass


class Textarea(InlineRenderedWidget, forms.Textarea):
    pass


class CommentForm(forms.Form):
    text = SafeCharField(
        label=_("Comment"),
        single_line=False,
        min_length=1,
        max_length=MAX_TEXT_LENGTH,
        widget=Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={
            "required": _("Please write a comment."),
            "max_length": _("Your comment is too long: at most %(limit_value)d characters, you wrote %(show_value)d."),
        },
    )
    name = SafeCharField(
        label=_("Name"),
        max_length=245,
        widget=TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("Your name is too long: at most %(limit_value)d characters, you wrote %(show_value)d."),
        },
    )
    email = SafeEmailField(
        label=_("E-mail"),
        max_length=100,
        help_text=_("Your e-mail address will not be published."),
        widget=EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address."),
            "max_length": _(
                "Your e-mail address is too long: at most %(limit_value)d characters, you wrote %(show_value)d."
            ),
        },
    )
    url = WebsiteField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=URLInput(attrs={"autocomplete": "url"}),
        error_messages={
            "max_length": _(
                "Your web address is too long: at most %(limit_value)d characters, you wrote %(show_value)d."
            ),
        },
    )
    remember = forms.BooleanField(
        label=_("Save my name, e-mail address and website in this browser for the next time I comment."),
        required=False,
        widget=CheckboxInput,
    )
    # Unticked by default; ticking sends a confirmation mail, and only its link starts notifications (double opt-in).
    notify_replies = forms.BooleanField(
        label=_("Notify me of replies to my comment by e-mail."), required=False, widget=CheckboxInput
    )
    notify_all = forms.BooleanField(
        label=_("Notify me of all new comments on this article by e-mail."), required=False, widget=CheckboxInput
    )
    parent = forms.CharField(required=False, widget=HiddenInput)
    # A field people never see: browsers do not autofill this name, bots fill every field they find.
    fax_number = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=HiddenInput)

    field_order = [
        "text",
        "name",
        "email",
        "url",
        "remember",
        "notify_replies",
        "notify_all",
        "parent",
        "fax_number",
        "started",
    ]

    def __init__(self, *args, with_captcha=True, remote_ip=None, expired=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A POST that failed the CSRF check (True, or the message to show): shown again with what the reader wrote,
        # nothing validated or stored.
        self.expired = expired
        self.with_captcha = with_captcha
        if with_captcha:
            # Last, so that it is checked after every field the reader can fix.
            self.fields["captcha"] = CommentCaptchaField(remote_ip=remote_ip)

    def full_clean(self):
        if not self.expired:
            return super().full_clean()
        # Neither the fields nor reCAPTCHA are checked (that would spend the reader's reCAPTCHA answer on a
        # request that cannot succeed): the one error is the expiry.
        self._errors = ErrorDict()
        self.cleaned_data = {}
        message = FORM_EXPIRED if self.expired is True else self.expired
        self.add_error(None, forms.ValidationError(message, code="expired"))

    def subscription_scopes(self):
        scopes = []
        if self.cleaned_data.get("notify_replies"):
            scopes.append(CommentSubscription.Scope.REPLIES)
        if self.cleaned_data.get("notify_all"):
            scopes.append(CommentSubscription.Scope.ALL)
        return scopes

    def clean_parent(self):
        value = self.cleaned_data["parent"]
        if not value:
            return None
        parent_id = parse_id(value)
        if parent_id is None:
            raise forms.ValidationError(PARENT_UNAVAILABLE, code="parent_unavailable")
        return parent_id

    @property
    def captcha_result(self):
        """VERIFIED, UNVERIFIED or LOW_SCORE (blog.comments.captcha), once the form is valid."""
        if not self.with_captcha:
            return UNVERIFIED
        return self.cleaned_data.get("captcha", UNVERIFIED)

    def is_bot(self, request=None):
        """True when the honeypot is filled or the form came back faster than a person could write.

        Raises StartExpired when the start time is too old or another reader's.
        """
        if self.data.get("fax_number"):
            return True
        elapsed = seconds_since_start(self.data.get("started"), csrf_secret(request))
        return elapsed is None or elapsed < settings.COMMENTS_MIN_FILL_SECONDS


class CommentEditForm(forms.Form):
    """The writer's own edit of their comment's text, within the edit window."""

    text = CommentForm.base_fields["text"]
