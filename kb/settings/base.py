"""Settings shared by every environment, read from environment variables.

See `.env.example` for every variable and its default.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KB_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or not value.strip():  # unset, or left empty in .env
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kb.articles",
    "kb.search",
    "kb.forum",
    "kb.feedback",
    "kb.reviews",
    "kb.worker",
    "kb.contact",
    "kb.reports",  # report exports (CSV, XLSX) safe to open
    "kb.branding",  # Settings → Branding: logo, colour, footer links, notice banner
    "kb.i18n",  # the reader's language, the language switcher, translation status
    "wagtail.contrib.forms",
    # Editors translate a page (or a whole tree) into a locale: README, Languages.
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "kb.search.apps.WagtailSearchConfig",  # wagtail.search, updated on commit
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "allauth",  # forum accounts: sign-up, e-mail verification, password reset
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kb.content_policy.ContentSecurityPolicyMiddleware",  # django-csp
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL's prefix (/de/...); unprefixed URLs are English.
    "django.middleware.locale.LocaleMiddleware",
    # "/" goes to the home page in the reader's remembered or browser language.
    "kb.i18n.middleware.PreferredLanguageHomeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Notes what a help-center visit searched, read and answered (kb/contact).
    "kb.contact.middleware.VisitMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

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
                # WAGTAIL_SITE_NAME and `branding`, from Settings → Branding
                "kb.branding.context_processors.branding",
                "kb.forum.context_processors.community",
            ],
        },
    },
]


# Form widgets render with the templates above, so templates/wagtailadmin/widgets/
# can replace Wagtail's date pickers' inline scripts (Content-Security-Policy).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def database_from_url(url):
    """Parse DATABASE_URL; SQLite gets WAL mode and immediate transactions.

    WAL lets readers run beside one writer, IMMEDIATE takes the write lock at
    BEGIN (so a transaction never fails half-way on an upgrade from a read
    lock) and the timeout makes concurrent writers wait instead of failing
    with "database is locked".
    """
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=30000;"
            ),
        }
    else:
        config["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kb.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default needs no service; rate limits then count per server process.
# One cache for every process of the site: files under var/ (kb/cache.py) by
# default; sites on several machines set CACHE_BACKEND to
# django.core.cache.backends.redis.RedisCache and CACHE_LOCATION to redis://...
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "kb.cache.FileCache")
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": os.environ.get("CACHE_LOCATION", str(VAR_DIR / "cache")),
        # Sites sharing one Redis keep their keys apart.
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }
}
if CACHE_BACKEND == "kb.cache.FileCache":
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 20_000}

# django-ratelimit: a limited client gets kb.views.rate_limited (429).
RATELIMIT_VIEW = "kb.views.rate_limited"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# W001 (a cache the library does not list): Django's own RedisCache and kb's
# FileCache both increment atomically. E003 (LocMemCache): only if configured so.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Content-Security-Policy (django-csp): scripts and styles only from the site's own
# files, so text someone slips into a page can't run (the admin also allows inline
# styles: kb/content_policy.py). Article videos are YouTube or Vimeo.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth) for forum members; editors log in to /admin/ as before.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# URL names: a reader who logs in or out under /de/ stays in German.
LOGIN_REDIRECT_URL = "forum:index"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_LOGOUT_REDIRECT_URL = "forum:index"
# The site's name and From address, and HTML and text parts (kb/mail.py).
ACCOUNT_ADAPTER = "kb.forum.accounts.AccountAdapter"
# The link in the confirmation e-mail signs the new member in (allauth does it
# only in the browser that signed up, so a leaked link can't log anyone in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Forum: hold a new member's first post for a moderator's approval.
KB_FORUM_HOLD_FIRST_POSTS = env_bool("KB_FORUM_HOLD_FIRST_POSTS", False)
# Forum: hold every post of a new member (trust level 0) for approval.
KB_FORUM_HOLD_NEW_MEMBER_POSTS = env_bool("KB_FORUM_HOLD_NEW_MEMBER_POSTS", False)
# Feedback: votes per client, and the share of an article's text that, when changed
# in one published revision, restarts its helpfulness score.
KB_FEEDBACK_RATE = os.environ.get("KB_FEEDBACK_RATE", "30/m")
KB_FEEDBACK_SUBSTANTIAL_CHANGE = float(
    os.environ.get("KB_FEEDBACK_SUBSTANTIAL_CHANGE", "0.5")
)
# Followers of an article get an e-mail when a publish changes at least this share
# of its words since the version they last heard about.
KB_FOLLOWERS_NOTIFY_CHANGE = float(os.environ.get("KB_FOLLOWERS_NOTIFY_CHANGE", "0.1"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates in the reader's language, in the site's own order (kb/formats/).
FORMAT_MODULE_PATH = ["kb.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Mail is queued for the background worker (kb/worker/mail.py), which delivers it
# through the EMAIL_BACKEND of the environment and retries while that fails.
EMAIL_BACKEND = "kb.worker.mail.QueuedEmailBackend"
KB_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Mail leaves as "<KB_SITE_NAME> <DEFAULT_FROM_EMAIL>" (kb/mail.py).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "help@example.com")

# Contact support: where requests go (each contact category may name its own
# address), how many a client and an e-mail address may send an hour, the largest
# attachment, and an optional webhook that receives each request as signed JSON.
KB_SUPPORT_EMAIL = os.environ.get("KB_SUPPORT_EMAIL") or DEFAULT_FROM_EMAIL
KB_CONTACT_RATE = os.environ.get("KB_CONTACT_RATE", "5/h")
KB_CONTACT_EMAIL_RATE = os.environ.get("KB_CONTACT_EMAIL_RATE", "3/h")
KB_CONTACT_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("KB_CONTACT_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
)
KB_CONTACT_WEBHOOK_URL = os.environ.get("KB_CONTACT_WEBHOOK_URL", "")
KB_CONTACT_WEBHOOK_SECRET = os.environ.get("KB_CONTACT_WEBHOOK_SECRET", "")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("KB_SITE_NAME", "Acme Help Center")
WAGTAILADMIN_BASE_URL = os.environ.get("KB_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Editors' avatars are uploaded or Wagtail's default, never fetched from Gravatar
# (a third party the Content-Security-Policy does not allow).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for a newer Wagtail: versions are
# pinned in pyproject.toml and updated there.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Search: Whoosh on local disk by default. A site on several machines points
# KB_SEARCH_BACKEND at modelsearch.backends.database (PostgreSQL full-text) or
# an Elasticsearch/OpenSearch backend; see the README.
KB_SEARCH_BACKEND = os.environ.get("KB_SEARCH_BACKEND", "kb.search.backends.whoosh")
KB_SEARCH_INDEX_PATH = os.environ.get("KB_SEARCH_INDEX_PATH", str(VAR_DIR / "whoosh"))
KB_SEARCH_LANGUAGE = os.environ.get("KB_SEARCH_LANGUAGE", "en")
# Per anonymous client address: searches (page and API together), suggestions.
KB_SEARCH_RATE_LIMIT = os.environ.get("KB_SEARCH_RATE_LIMIT", "60/m")
KB_SEARCH_SUGGEST_RATE_LIMIT = os.environ.get("KB_SEARCH_SUGGEST_RATE_LIMIT", "240/m")
# Re-rank the first hits by meaning (kb/search/selectors/semantic.py): on where the
# `semantic` extra is installed (`make install` installs it), unless turned off.
KB_SEARCH_SEMANTIC = env_bool(
    "KB_SEARCH_SEMANTIC", importlib.util.find_spec("wordllama") is not None
)


def search_backends(backend_path, index_path, language, languages=()):
    """`language`: the source language; `languages`: every language content is
    written in, each analysed with its own stop words and stemmer (Whoosh)."""
    config = {"BACKEND": backend_path}
    if backend_path == "kb.search.backends.whoosh":
        config.update(
            {"PATH": index_path, "LANGUAGE": language, "LANGUAGES": list(languages)}
        )
        # Seconds an index write waits for another writer before it is queued.
        config["WRITE_TIMEOUT"] = float(os.environ.get("KB_SEARCH_WRITE_TIMEOUT", "5"))
        # Megabytes each worker thread keeps per index (decoded postings, filters).
        config["CACHE_MB"] = float(os.environ.get("KB_SEARCH_CACHE_MB", "64"))
    elif os.environ.get("KB_SEARCH_URLS"):
        config["URLS"] = env_list("KB_SEARCH_URLS")
    return {"default": config}


WAGTAILSEARCH_BACKENDS = search_backends(
    KB_SEARCH_BACKEND,
    KB_SEARCH_INDEX_PATH,
    KB_SEARCH_LANGUAGE,
    languages=[code for code, _ in WAGTAIL_CONTENT_LANGUAGES],
)

# Background tasks are stored in the database and run by `manage.py kb_worker`
# (started beside the web server by `make run`; see the README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Folder of the shared test and benchmark data (a user's clone has none).
KB_SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", BASE_DIR.parent / "shared"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "kb": {"handlers": ["console"], "level": os.environ.get("KB_LOG_LEVEL", "INFO")},
    },
}
