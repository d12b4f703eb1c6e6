import tempfile

from .base import *  # noqa: F403
from .base import search_backends

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="kb-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="kb-test-static-")
EMAIL_BACKEND = KB_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are queued; tests of the worker itself use the database.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "kb.cache.FileCache",
        "LOCATION": tempfile.mkdtemp(prefix="kb-test-cache-"),
    }
}
# The word ranking alone; the tests of the re-ranking by meaning turn it on.
KB_SEARCH_SEMANTIC = False
# Each test run gets its own index folder; tests that need a clean index make one.
KB_SEARCH_INDEX_PATH = tempfile.mkdtemp(prefix="kb-test-index-")
WAGTAILSEARCH_BACKENDS = search_backends(
    KB_SEARCH_BACKEND,  # noqa: F405
    KB_SEARCH_INDEX_PATH,
    KB_SEARCH_LANGUAGE,  # noqa: F405
    languages=[code for code, _ in WAGTAIL_CONTENT_LANGUAGES],  # noqa: F405
)
