import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings

from kb.articles.models import CategoryPage
from kb.search import sources
from tests.conftest import shared_rows
from tests.factories import make_article, make_category, make_home


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and the repeat-search guard live in the cache: start clean."""
    cache.clear()
    yield
    cache.clear()


BACKENDS = {
    "whoosh": "kb.search.backends.whoosh",
    "database": "modelsearch.backends.database",
}


def whoosh_config(path):
    # The site's languages: English content keeps the plain columns.
    return {
        "BACKEND": BACKENDS["whoosh"],
        "PATH": str(path),
        "LANGUAGE": "en",
        "LANGUAGES": ["en", "de", "es"],
    }


@pytest.fixture
def search_backend(request, settings, tmp_path):
    """The site's search backend, Whoosh unless a test parametrizes it (indirect=True)
    with "database"; Whoosh gets a fresh index folder for every test."""
    name = getattr(request, "param", "whoosh")
    if name == "whoosh":
        config = whoosh_config(tmp_path / "index")
    else:
        config = {"BACKEND": BACKENDS[name]}
    settings.WAGTAILSEARCH_BACKENDS = {"default": config}
    return name


both_backends = pytest.mark.parametrize("search_backend", list(BACKENDS), indirect=True)


def make_help_center(home):
    """Two categories with a few articles, enough to rank and filter, indexed as
    they are published (on the site's search backend at the time)."""
    account = make_category(home, "Your account")
    billing = make_category(home, "Billing")
    return {
        "account": account,
        "billing": billing,
        "password": make_article(
            account,
            "Reset your password",
            summary="Forgot your password? Get a reset link by e-mail.",
            body=[
                (
                    "paragraph",
                    "<p>Open the sign in page and choose Forgot password.</p>",
                )
            ],
        ),
        "login": make_article(
            account,
            "Log in with single sign-on",
            summary="Use your company account to log in.",
            body=[
                (
                    "paragraph",
                    "<p>Choose your identity provider on the log in page.</p>",
                )
            ],
        ),
        "plan": make_article(
            billing,
            "Change your plan",
            summary="Upgrade or downgrade your subscription.",
            body=[
                ("paragraph", "<p>Plans change at the start of the next invoice.</p>")
            ],
        ),
        "invoice": make_article(
            billing,
            "Download an invoice",
            summary="Invoices are kept for seven years as PDF.",
            body=[("paragraph", "<p>Every invoice lists your tax number.</p>")],
        ),
    }


@pytest.fixture
def articles(home):
    """The `make_help_center` articles, indexed as they are published (on the
    backend a fixture requested before this one set)."""
    return make_help_center(home)


@pytest.fixture
def help_center(search_backend, articles):
    """The `articles` help center on the site's search backend."""
    return articles


@pytest.fixture(scope="module")
def module_help_center(django_db_setup, django_db_blocker, tmp_path_factory):
    """The `make_help_center` help center made once for a module, on both backends:
    its rows (and the database backend's index rows) in a transaction rolled back
    after the module's last test, Whoosh's documents in a folder that each test
    copies (`shared_help_center`)."""
    index = tmp_path_factory.mktemp("help-center") / "index"
    backends = {
        "default": whoosh_config(index),
        "database": {"BACKEND": BACKENDS["database"]},
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        with shared_rows(django_db_blocker):
            home = make_home()
            yield index, home, make_help_center(home)


@pytest.fixture
def shared_help_center(search_backend, settings, module_help_center):
    """What `help_center` gives, without making it for each test: each test's
    writes roll back with its savepoint, and a Whoosh test searches a copy of the
    module's index that is its own (not opened yet)."""
    index, _home, articles = module_help_center
    if search_backend == "whoosh":
        shutil.copytree(index, Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"]))
    return articles


@pytest.fixture
def category_kind(monkeypatch):
    """Category pages as a second kind of search result, so merging kinds can be
    tested without depending on the forum app."""
    declared = {
        "search_result_kind": "category",
        "search_result_label": "Category",
        "search_results": classmethod(lambda cls: cls.objects.live()),
        "search_result_text": lambda self: self.description,
    }
    for name, value in declared.items():
        monkeypatch.setattr(CategoryPage, name, value, raising=False)
    sources.sources.cache_clear()
    yield sources.source_named("category")
    sources.sources.cache_clear()
