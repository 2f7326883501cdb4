from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Google's public test keys: every answer passes; the warning about them is the one we silence.
RECAPTCHA_PUBLIC_KEY = RECAPTCHA_PUBLIC_KEY or TEST_PUBLIC_KEY  # noqa: F405
RECAPTCHA_PRIVATE_KEY = RECAPTCHA_PRIVATE_KEY or TEST_PRIVATE_KEY  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# Pages change with every edit of a template: no page cache unless asked for.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)  # noqa: F405
