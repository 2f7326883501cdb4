import os

from django.core.exceptions import ImproperlyConfigured

from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from .base import *  # noqa: F403

DEBUG = False

_missing = [
    name
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "RECAPTCHA_PUBLIC_KEY", "RECAPTCHA_PRIVATE_KEY")
    if not os.environ.get(name)
]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: "
        + ", ".join(_missing)
        + ". See .env.example and README.md."
    )

if {RECAPTCHA_PUBLIC_KEY, RECAPTCHA_PRIVATE_KEY} & {TEST_PUBLIC_KEY, TEST_PRIVATE_KEY}:  # noqa: F405
    raise ImproperlyConfigured("RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY must be real keys, not test keys.")

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)  # noqa: F405
if not SECURE_HSTS_PRELOAD:
    # Preloading binds every subdomain to HTTPS for good: the operator opts in with DJANGO_HSTS_PRELOAD=true.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

if os.environ.get("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

if RECAPTCHA_VERSION not in {"v2", "v3"}:  # noqa: F405
    raise ImproperlyConfigured("RECAPTCHA_VERSION must be v2 or v3.")
COMMENTS_COOKIE_SECURE = True
