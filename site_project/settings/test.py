import os

from .dev import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Per run, like the SQLite file below: CI runs the suite on SQLite and PostgreSQL side by side in one checkout.
MEDIA_ROOT = BASE_DIR / ".test-media" / str(os.getpid())  # noqa: F405
# Room enough that culling never drops the page cache's clock or tag versions (Redis: a volatile-* policy).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}}}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests never call DeepL, even when a developer has DEEPL_API_KEY set: wagtail-localize's dummy reverses words.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}

# A file, not SQLite's shared in-memory database, so that live-server tests see WAL and the busy timeout at work.
# One file per run, so that two test runs in one checkout never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"db.sqlite3-test-{os.getpid()}")}  # noqa: F405

# The page cache and login lockout are switched on by the tests that test them (tests/test_cache.py,
# tests/test_login_lockout.py); everywhere else they would only couple tests through the shared cache.
PAGE_CACHE_ENABLED = False
AXES_ENABLED = False

# The import wizard's task runs inside the request; tests/test_wordpress_wizard.py runs the database worker too.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
WORDPRESS_IMPORT_ROOT = BASE_DIR / ".test-media-private" / str(os.getpid()) / "wordpress-imports"  # noqa: F405
# The shared Redis the fault tests use; two side-by-side runs take different databases (see .ci/run).
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
