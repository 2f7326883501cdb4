"""Production settings: they refuse to start without real secrets, pass `check --deploy`, and switch Redis, S3,
the CDN purge and logging on from the environment alone. Each case runs in a fresh Python process."""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "session": settings.SESSION_ENGINE,
    "axes": settings.AXES_HANDLER,
    "media": settings.STORAGES["default"]["BACKEND"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "frontend_cache": sorted(settings.WAGTAILFRONTENDCACHE),
    "log_stream": settings.LOGGING["handlers"]["console"].get("stream"),
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def env_example():
    """The values in .env.example, as CI sources them."""
    output = subprocess.run(
        ["bash", "-c", "set -a; . ./.env.example; set +a; env -0"],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        check=True,
    ).stdout.decode()
    return dict(item.split("=", 1) for item in output.split("\0") if "=" in item)


def run(args, **overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "AWS_"))}
    env.update(env_example())
    env.update({"DJANGO_SETTINGS_MODULE": "site_project.settings.production", "DATABASE_URL": "sqlite:///:memory:"})
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def probe(**overrides):
    result = run(["-c", SETTINGS_PROBE], **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
        ({"RECAPTCHA_PRIVATE_KEY": None}, "RECAPTCHA_PRIVATE_KEY"),
        ({"RECAPTCHA_PUBLIC_KEY": "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"}, "not test keys"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "long random string"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(overrides, message):
    # What gunicorn does. (`manage.py check` would not do: Django's command runner swallows ImproperlyConfigured
    # from the settings module and runs the checks against empty settings.)
    result = run(["-c", "import site_project.wsgi"], **overrides)
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
    result = run(["-c", DEPLOY_CHECK])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_single_server_defaults_are_hardened():
    settings = probe(REDIS_URL=None, DATABASE_URL="postgres://blog:secret@127.0.0.1:5432/blog")
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["session"] == "django.contrib.sessions.backends.db"
    assert settings["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert settings["media"] == "django.core.files.storage.FileSystemStorage"
    assert settings["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["frontend_cache"] == []
    assert settings["log_stream"] == "ext://sys.stdout"
    assert settings["secure_cookies"] == [True, True]
    assert settings["hsts"] == 31536000
    assert settings["ssl_redirect"] is True
    assert settings["conn_max_age"] == 600
    assert settings["conn_health_checks"] is True


def test_scale_out_is_switched_on_by_the_environment():
    settings = probe(
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


def test_env_example_documents_every_variable_the_deployment_guide_names():
    guide = (BASE_DIR / "docs" / "deployment.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    for line in example.splitlines():
        line = line.lstrip("# ").strip()
        if "=" in line and line.split("=", 1)[0].isupper():
            name = shlex.split(line.split("=", 1)[0])[0]
            assert f"`{name}`" in guide, f"{name} is in .env.example but not in docs/deployment.md"
