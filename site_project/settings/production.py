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

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("django-insecure", "dev-only", "test-only")):  # noqa: F405
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a long random string (50 characters or more), e.g. from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

# Hashed, compressed static files served by WhiteNoise (run `manage.py collectstatic` on deploy).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)  # noqa: F405
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
if SECURE_SSL_REDIRECT:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

if os.environ.get("REDIS_URL"):
    # Sessions read from Redis and written through to the database: a Redis outage logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Login failures stay in the database (base.py's AXES_HANDLER), not in Redis: the resilient cache drops writes
    # during an outage, and a counter that forgets failures would switch the lockout off exactly then.

# Logs to stdout, where systemd's journal or the container runtime collects them.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        **LOGGING["handlers"],  # noqa: F405
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"},
    },
}

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's preview shows the page in a frame of the admin, so frames from this site stay allowed.
    "security.W019",
    # Preloading HSTS is hard to undo; the operator opts in with DJANGO_HSTS_PRELOAD=true (docs/deployment.md).
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

if RECAPTCHA_VERSION not in {"v2", "v3"}:  # noqa: F405
    raise ImproperlyConfigured("RECAPTCHA_VERSION must be v2 or v3.")
COMMENTS_COOKIE_SECURE = True
