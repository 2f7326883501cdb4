"""Content-Security-Policy: one strict policy for the public site, a looser one for the Wagtail admin.

The public policy allows scripts only from this site or with the request's nonce, never inline code without it.
reCAPTCHA's hosts are added only to responses whose request called ``allow_recaptcha(request)`` (or whose
template used ``{% allow_recaptcha %}`` from ``comment_tags``): the pages that show the comment form.
"""

from django.conf import settings

from csp.middleware import CSPMiddleware, PolicyParts

# reCAPTCHA's paths, not its hosts: www.google.com also serves JSONP endpoints that would let an injected script
# through the policy. Google's own CSP guidance names these two paths (and recaptcha.net for RECAPTCHA_DOMAIN).
RECAPTCHA_SOURCES = [
    "https://www.google.com/recaptcha/",
    "https://www.gstatic.com/recaptcha/",
    "https://www.recaptcha.net/recaptcha/",
]
RECAPTCHA_POLICY = {
    "script-src": RECAPTCHA_SOURCES,
    "frame-src": [
        "https://www.google.com/recaptcha/",
        "https://recaptcha.google.com/recaptcha/",
        "https://www.recaptcha.net/recaptcha/",
    ],
    "connect-src": RECAPTCHA_SOURCES,
    "img-src": ["https://www.gstatic.com/recaptcha/"],
}


def allow_recaptcha(request):
    """Let this response load reCAPTCHA (call it from the view or template that renders the comment form)."""
    request._csp_allow_recaptcha = True


def _merge(*policies):
    merged = {}
    for policy in policies:
        for directive, sources in (policy or {}).items():
            merged.setdefault(directive, [])
            merged[directive] += [source for source in sources if source not in merged[directive]]
    return merged


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy and per-request reCAPTCHA allowance."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = request.path_info.startswith(tuple(settings.CSP_ADMIN_URL_PREFIXES))
        if report_only:
            if parts.config is None and in_admin:
                # The strict policy the admin cannot enforce yet, reported beside the enforced one: the blockers
                # are listed in docs/deployment.md ("Content-Security-Policy").
                return PolicyParts(config=settings.CSP_ADMIN_REPORT_ONLY_POLICY, nonce=parts.nonce)
            return parts
        if parts.config is None and in_admin:
            # The admin's own policy has no nonce: a nonce would make browsers ignore 'unsafe-inline'.
            return PolicyParts(config=settings.CSP_ADMIN_POLICY, update=parts.update, replace=parts.replace)
        if getattr(request, "_csp_allow_recaptcha", False):
            parts.update = _merge(parts.update, RECAPTCHA_POLICY)
            # Remembered on the response, so that the page cache serves the same policy with the cached page.
            response._csp_update = parts.update
        return parts
