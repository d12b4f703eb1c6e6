"""Settings for modelsearch's own backend conformance suite, run on our Whoosh backend.

`make test` runs it as a second pytest invocation:
pytest --ds=tests.search.backends.modelsearch_settings
--confcutdir=tests/search/backends tests/search/backends/test_modelsearch_conformance.py
"""

import os
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
KB_SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", BASE_DIR.parent / "shared"))
# The suite's fixture ("search") isn't shipped in the modelsearch wheel; see its README.
FIXTURE_DIRS = [str(KB_SHARED_DIR / "peer" / "modelsearch")]

SECRET_KEY = "modelsearch-conformance-tests-only"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "modelsearch.test.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
# Always SQLite: the suite checks the search backend (Whoosh), not the database.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_URL = "/static/"

MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "kb.search.backends.whoosh",
        "PATH": tempfile.mkdtemp(prefix="kb-modelsearch-index-"),
        "LANGUAGE": "en",
    }
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
