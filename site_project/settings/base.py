"""Settings shared by every environment; each value a deployment may change comes from the environment."""

import datetime
import os
from email.utils import getaddresses
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
    # Site-wide machinery (security headers, health checks, error views, SEO, the language switcher) and its
    # deployment checks; after the apps, so that their templates and tags come first.
    "site_project",
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
    # After Wagtail's frontend cache: its ready() replaces that app's purge on publish with one by cache tag.
    "site_project.caching",
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
    "django_tasks",
    "django_tasks_db",
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
    "site_project.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: a cached home page would otherwise answer WordPress's old /?p=ID shortlinks.
    "blog.wordpress.redirects.WordPressShortlinkMiddleware",
    # Before everything that a cached page does not need: a hit skips sessions, languages, CSRF checks and the
    # policy's assembly, and gets its nonce, CSRF cookie and token from site_project.caching
    # itself. It keys on the language LocaleMiddleware will choose. The security headers above are added to every
    # response, hits too.
    "site_project.caching.middleware.PageCacheMiddleware",
    "site_project.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "site_project.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside the page cache: only renders pay for routing.
    "site_project.caching.middleware.RouteCacheMiddleware",
    # What the route cache does not answer: the page in one query (site_project/routing.py).
    "site_project.routing.RouteMiddleware",
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
                "home.context_processors.header_footer",
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
    if env_bool("DATABASE_SERVER_SIDE_BINDING", True):
        # Parameters bound by PostgreSQL, so that the fixed-shape queries of a page render (site_project/prepared.py)
        # can be prepared: planned once per connection instead of on every request. Planning was 1.9 of the 2.2 ms
        # the database spent on an article's 18 queries. Off for a pooler that cannot keep prepared statements
        # (PgBouncer in transaction mode before 1.21; docs/deployment.md).
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
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
            "BACKEND": "site_project.caching.backends.redis.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "buero-blog",
        }
    }
else:
    # Room enough that culling never drops the page cache's clock and tag versions.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}}
    }

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
# The site's name wherever no Wagtail Site names it: the admin, error pages, mails, the demo content.
WAGTAIL_SITE_NAME = "Das Blog rund ums Büro"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{WAGTAIL_SITE_NAME} <blog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_DOMAIN = "www.google.com"

# Who gets a mail for each server error (HTTP 500), e.g. "Betrieb <betrieb@example.org>, admin@example.org".
ADMINS = getaddresses([os.environ.get("DJANGO_ADMINS", "")]) if os.environ.get("DJANGO_ADMINS") else []
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "short_disallowed_host": {"()": "site_project.log.ShortDisallowedHost"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # Sends nothing while ADMINS is empty.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"), "propagate": False},
        "django.request": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["short_disallowed_host"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}

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
CSP_ADMIN_REPORT_ONLY_POLICY = {
    **CSP_ADMIN_POLICY,
    "script-src": [SELF],
    "style-src": [SELF],
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
AXES_LOCKOUT_CALLABLE = "site_project.views.admin_lockout"
# Proxies in front of the app that append to X-Forwarded-For (1 for nginx or Caddy on the same host); 0 trusts only
# REMOTE_ADDR. One number for the login lockout and the comments; COMMENTS_TRUSTED_PROXY_COUNT is its old name, still
# read when DJANGO_PROXY_COUNT is not set (deprecated, docs/deployment.md).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT") or os.environ.get("COMMENTS_TRUSTED_PROXY_COUNT") or "0")
# Behind a proxy, gunicorn.conf.py and the proxy set X-Forwarded-For; see docs/deployment.md.
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# The cookies that remember a commenter who ticked the opt-in (form field: cookie); comments.js reads the names from
# the comment section's data-remember-cookies.
COMMENTS_REMEMBER_COOKIES = {"name": "comment_author", "email": "comment_author_email", "url": "comment_author_url"}

# Page cache (site_project/caching/). Every setting it reads is here, with its default: the code has none of its own.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(6 * 3600)))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", "0"))
# Render caches (site_project/caching/render.py): routes, header and footer links and template fragments between content
# changes; switched with the page cache.
RENDER_CACHE_TIMEOUT = PAGE_CACHE_TIMEOUT
# Entries each process keeps in memory in front of the shared cache (a few MiB).
RENDER_CACHE_LOCAL_ENTRIES = int(os.environ.get("RENDER_CACHE_LOCAL_ENTRIES", "500"))
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/documents/", "/healthz"]
# Read only by the browser (comments.js fills the form from them), never by the server's rendering.
PAGE_CACHE_IGNORED_COOKIES = ["django_language", *COMMENTS_REMEMBER_COOKIES.values()]
# A commenter's redirect carries ?unapproved=<signed token> to show their held comment: always rendered fresh.
PAGE_CACHE_BYPASS_QUERY_PARAMETERS = ["unapproved"]
# Only these query parameters change a page (pagination, search, the reply form's place): others share the entry.
PAGE_CACHE_QUERY_PARAMETERS = ["page", "q", "replytocom"]
# Pages that list articles: they refresh when an article of their language is published, unpublished or redated.
PAGE_CACHE_LISTING_PAGE_TYPES = ["home.HomePage", "blog.BlogIndexPage"]
# The fields whose change moves an article in or out of a listing: a publish changing only others refreshes no list.
PAGE_CACHE_LIST_FIELDS = ["date", "author", "categories", "tags", "locale", "slug"]
# Approving, editing or deleting one of these refreshes the pages that show it.
PAGE_CACHE_COMMENT_MODEL = "blog.ReaderComment"
# Seconds a process trusts the tag versions it read from the shared cache before asking again.
PAGE_CACHE_GENERATION_TTL = 1.0
# Seconds until purges kept while the cache was down are tried again in the background.
PAGE_CACHE_PURGE_RETRY_SECONDS = 5.0
# Snippets that pages show without a page link: the renders that load one carry its tag, and a change refreshes only
# them (its archive, the articles, cards and feeds that show it).
PAGE_CACHE_TAGGED_MODELS = ["blog.Author", "blog.Category", "blog.Tag"]
# What every page may show: a change refreshes everything. Pages, view restrictions and reader comments refresh
# exactly what shows them (site_project/caching/signal_handlers.py).
PAGE_CACHE_PURGE_MODELS = [
    "blog.CommentSettings",
    "blog.FeedSettings",
    "home.LegalPages",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailimages.Image",
]

# CDN or Varnish purge on publish (wagtail.contrib.frontend_cache): configured from the environment, off without.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        # Varnish (deploy/varnish/default.vcl): purges by cache tag (xkey), and by URL like Wagtail's HTTPBackend.
        "BACKEND": "site_project.caching.backends.frontend.XkeyHTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID") and os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        # Purges by Cache-Tag (Cloudflare Enterprise) with CLOUDFLARE_CACHE_TAGS=1, else by URL.
        "BACKEND": "site_project.caching.backends.frontend.CloudflareTagBackend"
        if env_bool("CLOUDFLARE_CACHE_TAGS")
        else "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
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
    MIDDLEWARE.insert(0, "site_project.middleware.QueryCountMiddleware")

# Reader comments (blog/comments/). reCAPTCHA v2 checkbox by default; RECAPTCHA_VERSION=v3 switches to the score.
RECAPTCHA_VERSION = os.environ.get("RECAPTCHA_VERSION", "v2").strip().lower()
RECAPTCHA_V3_ACTION = os.environ.get("RECAPTCHA_V3_ACTION", "comment")
RECAPTCHA_V3_SCORE_THRESHOLD = float(os.environ.get("RECAPTCHA_V3_SCORE_THRESHOLD", "0.5"))
# A socket timeout for each read from Google (django-recaptcha's); it does not bound a stuck name lookup.
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 5
# The overall deadline for Google's verification; beyond it the comment is held for moderation, unverified.
COMMENTS_RECAPTCHA_DEADLINE_SECONDS = float(os.environ.get("COMMENTS_RECAPTCHA_DEADLINE_SECONDS", "5"))
COMMENTS_TRUSTED_PROXY_COUNT = PROXY_COUNT
COMMENTS_FLOOD_SECONDS = 15
COMMENTS_MIN_FILL_SECONDS = 3
# How long the form's signed start time stays valid; an older one brings the form back to be sent again.
COMMENTS_FORM_MAX_AGE = 24 * 60 * 60
COMMENTS_COOKIE_SECURE = False

# Background tasks (django-tasks, which Wagtail 8 installs). Wagtail's own small tasks keep running at once in the
# request, as before; long work (the WordPress import) goes to the "background" queue in the database, which
# `manage.py db_worker --backend background` works off (`make run` starts it; docs/deployment.md for systemd).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# WordPress import wizard (blog/wordpress/admin_views.py): uploads are kept outside MEDIA_ROOT, never served, and
# deleted when their run ends.
WORDPRESS_IMPORT_ROOT = Path(os.environ.get("WORDPRESS_IMPORT_ROOT", BASE_DIR / "private" / "wordpress-imports"))
WORDPRESS_IMPORT_MAX_EXPORT_MB = int(os.environ.get("WORDPRESS_IMPORT_MAX_EXPORT_MB", "200"))
WORDPRESS_IMPORT_MAX_UPLOADS_MB = int(os.environ.get("WORDPRESS_IMPORT_MAX_UPLOADS_MB", "2000"))
