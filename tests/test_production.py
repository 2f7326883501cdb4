"""Production settings: they refuse to start without real secrets, pass `check --deploy`, and switch Redis, S3,
the CDN purge and logging on from the environment alone. Each case runs in a fresh Python process."""

import gc
import runpy
import shlex

import pytest
from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from .base import BASE_DIR, run_python, settings_in_fresh_process

SETTINGS = {
    "debug": "settings.DEBUG",
    "cache": 'settings.CACHES["default"]["BACKEND"]',
    "session": "settings.SESSION_ENGINE",
    "axes": "settings.AXES_HANDLER",
    "media": 'settings.STORAGES["default"]["BACKEND"]',
    "static": 'settings.STORAGES["staticfiles"]["BACKEND"]',
    "frontend_cache": "sorted(settings.WAGTAILFRONTENDCACHE)",
    "log_stream": 'settings.LOGGING["handlers"]["console"].get("stream")',
    # The session's, the CSRF token's and the commenter's remember-me cookies.
    "secure_cookies": "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.COMMENTS_COOKIE_SECURE]",
    "hsts": "settings.SECURE_HSTS_SECONDS",
    "ssl_redirect": "settings.SECURE_SSL_REDIRECT",
    "conn_max_age": 'settings.DATABASES["default"]["CONN_MAX_AGE"]',
    "conn_health_checks": 'settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]',
    "server_side_binding": 'settings.DATABASES["default"]["OPTIONS"].get("server_side_binding")',
    "prepare_threshold": 'settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold")',
    "img_src": 'settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]',
}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
        ({"RECAPTCHA_PUBLIC_KEY": None}, "RECAPTCHA_PUBLIC_KEY"),
        ({"RECAPTCHA_PRIVATE_KEY": None}, "RECAPTCHA_PRIVATE_KEY"),
        # Google's test keys pass every check: a site running on them would take any bot's comment.
        ({"RECAPTCHA_PUBLIC_KEY": TEST_PUBLIC_KEY}, "not test keys"),
        ({"RECAPTCHA_PRIVATE_KEY": TEST_PRIVATE_KEY}, "not test keys"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "long random string"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(overrides, message):
    # What gunicorn does. (`manage.py check` would not do: Django's command runner swallows ImproperlyConfigured
    # from the settings module and runs the checks against empty settings.)
    result = run_python("import site_project.wsgi", **overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


DEPLOY_CHECK = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
assert settings.SETTINGS_MODULE == "site_project.settings.production"
call_command("check", deploy=True, fail_level="WARNING")
"""


def test_deploy_check_passes_with_the_documented_environment():
    result = run_python(DEPLOY_CHECK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_single_server_defaults_are_hardened():
    settings = settings_in_fresh_process(
        SETTINGS, REDIS_URL=None, DATABASE_URL="postgres://blog:secret@127.0.0.1:5432/blog"
    )
    assert settings["debug"] is False
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["session"] == "django.contrib.sessions.backends.db"
    assert settings["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert settings["media"] == "django.core.files.storage.FileSystemStorage"
    assert settings["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["frontend_cache"] == []
    assert settings["log_stream"] == "ext://sys.stdout"
    assert settings["secure_cookies"] == [True, True, True]
    assert settings["hsts"] == 31536000
    assert settings["ssl_redirect"] is True
    assert settings["conn_max_age"] == 600
    assert settings["conn_health_checks"] is True
    # PostgreSQL binds the parameters, so that a page's fixed-shape queries can be prepared (site_project/prepared.py);
    # no other query is prepared automatically.
    assert settings["server_side_binding"] is True
    assert settings["prepare_threshold"] is None


def test_prepared_statements_can_be_switched_off_for_a_pooler_that_cannot_keep_them():
    settings = settings_in_fresh_process(
        SETTINGS,
        REDIS_URL=None,
        DATABASE_URL="postgres://blog:secret@127.0.0.1:6432/blog",
        DATABASE_SERVER_SIDE_BINDING="false",
    )
    assert settings["server_side_binding"] is None
    assert settings["prepare_threshold"] is None


def test_scale_out_is_switched_on_by_the_environment():
    settings = settings_in_fresh_process(
        SETTINGS,
        REDIS_URL="redis://10.0.0.2:6379/0",
        AWS_STORAGE_BUCKET_NAME="buero-blog-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        FRONTEND_CACHE_URL="http://127.0.0.1:6081",
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_API_TOKEN="token",
    )
    assert settings["cache"] == "site_project.caching.backends.redis.ResilientRedisCache"
    assert settings["session"] == "django.contrib.sessions.backends.cached_db"
    assert settings["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert settings["media"] == "storages.backends.s3.S3Storage"
    assert settings["frontend_cache"] == ["cloudflare", "http"]
    assert "https://media.example.org" in settings["img_src"]


def test_deployment_guide_explains_every_variable_of_env_example():
    guide = (BASE_DIR / "docs" / "deployment.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    for line in example.splitlines():
        line = line.lstrip("# ").strip()
        if "=" in line and line.split("=", 1)[0].isupper():
            name = shlex.split(line.split("=", 1)[0])[0]
            assert f"`{name}`" in guide, f"{name} is in .env.example but not in docs/deployment.md"


def test_gunicorn_workers_leave_what_the_master_loaded_out_of_their_garbage_collections():
    # Shared with the master instead of copied into each worker by the collector (gunicorn.conf.py's pre_fork).
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    try:
        config["pre_fork"](None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
