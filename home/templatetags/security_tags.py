from django import template

from home.security import allow_recaptcha as _allow_recaptcha

register = template.Library()


@register.simple_tag(takes_context=True)
def allow_recaptcha(context):
    """``{% allow_recaptcha %}``: this page's Content-Security-Policy lets the comment form load reCAPTCHA."""
    request = context.get("request")
    if request is not None:
        _allow_recaptcha(request)
    return ""
