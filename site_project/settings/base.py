"""Settings shared by every environment; each value a deployment may change comes from the environment."""

import datetime
import os
from pathlib import Path

from django.utils.translation import gettext_lazy

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A comment whose form failed the CSRF check comes back with the reader's text; other requests get Django's page.
CSRF_FAILURE_VIEW = "blog.comments.views.csrf_failure"

INSTALLED_APPS = [
    "home",
    "blog",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_recaptcha",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # Before host validation and the HTTPS redirect: load balancers probe by IP over plain HTTP.
    "home.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that a cached page does not need: a hit skips sessions, languages, CSRF checks and the
    # policy's assembly, and gets its nonce, CSRF cookie and token from home.cache itself. It keys on the language
    # LocaleMiddleware will choose. The security headers above are added to every response, hits too.
    "home.cache.PageCacheMiddleware",
    "home.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "home.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside the page cache: only renders pay for routing.
    "home.render_cache.RouteCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "site_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "site_project.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the plan of any query it expects to be costly (the related-articles ranking on
    # 10,000 articles): 180 ms of compiling for a query that runs in 40 ms. A web app's queries are short; off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let concurrent writers queue instead of failing with "database is locked". Connections
    # are kept like PostgreSQL's: opening one costs Django's SQL functions and these pragmas on every request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis backend; while Redis is down it serves without cache and logs one warning.
            "BACKEND": "home.cache_backends.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "buero-blog",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first: the first Locale is created from LANGUAGE_CODE by the first migration.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
]
# The admin names content languages in the editor's language („Veröffentlichen in Englisch“); readers' language
# switcher keeps LANGUAGES, each language in its own name.
WAGTAIL_CONTENT_LANGUAGES = [("de", gettext_lazy("German")), ("en", gettext_lazy("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# ASCII slugs, German-transliterated by site_project/slugs.py: "fünf" would be "f%C3%BCnf" in every shared link.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", False)  # Only without a web server in front (benchmarks, trials).

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_SOURCES = []  # Hosts outside this site that serve media, for the Content-Security-Policy.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3 or any S3-compatible object storage; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public, unsigned URLs: signed ones would expire inside cached pages.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }
    # Documents go through Wagtail's view, which checks collection privacy before it streams the file.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        MEDIA_SOURCES.append("https://" + os.environ["AWS_S3_CUSTOM_DOMAIN"])
    elif os.environ.get("AWS_S3_ENDPOINT_URL"):
        MEDIA_SOURCES.append(os.environ["AWS_S3_ENDPOINT_URL"].rstrip("/"))
    else:
        MEDIA_SOURCES.append("https://*.amazonaws.com")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Das Blog rund ums Büro <blog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_DOMAIN = "www.google.com"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"), "propagate": False},
    },
}

WAGTAIL_SITE_NAME = "Das Blog rund ums Büro"
WAGTAILADMIN_USER_LOGIN_FORM = "site_project.admin_forms.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend; on PostgreSQL each page is stemmed in its own language (see search/backend.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backend",
        "SEARCH_CONFIG": "german",
        "LANGUAGE_CONFIGS": {"de": "german", "en": "english"},
    }
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_EMBEDS_RESPONSIVE_HTML = True

WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "link", "ol", "ul"]},
    }
}

# wagtail-localize: DeepL when a key is set, otherwise no machine translation.
if os.environ.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        # Formal address ("Sie") wherever the target language has one; a slow DeepL must not hang the editor.
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_API_KEY"], "FORMALITY": "prefer_more", "TIMEOUT": 10},
    }

# A page submitted for translation starts as a draft: English readers never see the German text under /en/.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

FORMAT_MODULE_PATH = ["site_project.formats"]

# --- Production operations: security headers, login lockout, page cache, CDN purge -------------------------------
# Click-to-load embeds (blog.blocks.ConsentEmbedBlock) may show these players once the reader asks.
EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No 'unsafe-inline': an inline script runs only with this response's nonce.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_SOURCES],
        "media-src": [SELF, *MEDIA_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# The Wagtail admin and its editors (Draftail, wagtail-localize's React editor) render inline scripts and styles
# without nonces, so the admin gets its own policy: still only this site's hosts, but inline code is allowed.
CSP_ADMIN_URL_PREFIXES = ["/admin/"]
CSP_ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *MEDIA_SOURCES],
    "media-src": [SELF, "blob:", *MEDIA_SOURCES],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, *EMBED_FRAME_SOURCES],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Wagtail would otherwise load avatars from gravatar.com: a third-party request, and a CSP violation.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self", *EMBED_FRAME_SOURCES],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# Admin sign-in: locked per user name and IP address together, so nobody can lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "home.views.admin_lockout"
# Behind a proxy, gunicorn.conf.py and the proxy set X-Forwarded-For; see docs/deployment.md.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Page cache (home/cache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(6 * 3600)))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", "0"))
# Render caches (home/render_cache.py): routes, header and footer links and template fragments between content
# changes; switched with the page cache.
RENDER_CACHE_TIMEOUT = PAGE_CACHE_TIMEOUT
# Entries each process keeps in memory in front of the shared cache (a few MiB).
RENDER_CACHE_LOCAL_ENTRIES = int(os.environ.get("RENDER_CACHE_LOCAL_ENTRIES", "500"))
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/documents/", "/healthz"]
# Read only by the browser (comments.js fills the form from them), never by the server's rendering.
PAGE_CACHE_IGNORED_COOKIES = ["django_language", "comment_author", "comment_author_email", "comment_author_url"]
# A commenter's redirect carries ?unapproved=<signed token> to show their held comment: always rendered fresh.
PAGE_CACHE_BYPASS_QUERY_PARAMETERS = ["unapproved"]
PAGE_CACHE_PURGE_MODELS = [
    "blog.ReaderComment",
    "blog.CommentSettings",
    "blog.FeedSettings",
    "blog.Author",
    "blog.Category",
    "blog.Tag",
    "home.LegalPages",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailimages.Image",
    # Making a page private (or public again) must reach readers at once, not after the next publish.
    "wagtailcore.PageViewRestriction",
]

# CDN or Varnish purge on publish (wagtail.contrib.frontend_cache): configured from the environment, off without.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID") and os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Benchmarks only: X-Query-Count and X-Render-Time-Ms headers on every response.
if env_bool("BENCH_QUERY_COUNT"):
    MIDDLEWARE.insert(0, "home.middleware.QueryCountMiddleware")

# Reader comments (blog/comments/). reCAPTCHA v2 checkbox by default; RECAPTCHA_VERSION=v3 switches to the score.
RECAPTCHA_VERSION = os.environ.get("RECAPTCHA_VERSION", "v2").strip().lower()
RECAPTCHA_V3_ACTION = os.environ.get("RECAPTCHA_V3_ACTION", "comment")
RECAPTCHA_V3_SCORE_THRESHOLD = float(os.environ.get("RECAPTCHA_V3_SCORE_THRESHOLD", "0.5"))
# Google's answer is awaited at most this long; the reader then gets the form back, never a hanging page.
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 5
# Proxies in front of the app that append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
COMMENTS_TRUSTED_PROXY_COUNT = int(os.environ.get("COMMENTS_TRUSTED_PROXY_COUNT", "0"))
COMMENTS_FLOOD_SECONDS = 15
COMMENTS_MIN_FILL_SECONDS = 3
COMMENTS_COOKIE_SECURE = False
