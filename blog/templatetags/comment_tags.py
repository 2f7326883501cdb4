import json
import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from site_project.security import allow_recaptcha as _allow_recaptcha

register = template.Library()

URL_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\"“”‘’»«"


def _linkify(line):
    parts = []
    position = 0
    for match in URL_PATTERN.finditer(line):
        url = match.group(0).rstrip(TRAILING_PUNCTUATION)
        if "://" not in url or url.endswith("://"):
            continue
        parts.append(escape(line[position : match.start()]))
        parts.append(format_html('<a href="{}" rel="nofollow ugc">{}</a>', url, url))
        position = match.start() + len(url)
    parts.append(escape(line[position:]))
    return "".join(parts)


@register.filter
def comment_text(text):
    """Plain text as HTML: escaped, paragraphs and line breaks kept, bare http(s) addresses linked."""
    paragraphs = [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.strip("\n").split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - every piece of reader text above went through escape()


@register.simple_tag(takes_context=True)
def allow_recaptcha(context):
    """``{% allow_recaptcha %}``: this page's Content-Security-Policy lets the comment form load reCAPTCHA."""
    request = context.get("request")
    if request is not None:
        _allow_recaptcha(request)
    return ""


@register.simple_tag
def remember_cookies():
    """The names of the cookies that remember a commenter, as JSON for comments.js (``COMMENTS_REMEMBER_COOKIES``)."""
    return json.dumps(settings.COMMENTS_REMEMBER_COOKIES)
