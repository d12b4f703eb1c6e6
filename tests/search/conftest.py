import pytest
from django.core.cache import cache

from kb.articles.models import CategoryPage
from kb.search import sources
from tests.factories import make_article, make_category


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


@pytest.fixture
def search_backend(request, settings, tmp_path):
    """The site's search backend, Whoosh unless a test parametrizes it (indirect=True)
    with "database"; Whoosh gets a fresh index folder for every test."""
    name = getattr(request, "param", "whoosh")
    config = {"BACKEND": BACKENDS[name]}
    if name == "whoosh":
        # The site's languages: English content keeps the plain columns.
        config.update(
            {
                "PATH": str(tmp_path / "index"),
                "LANGUAGE": "en",
                "LANGUAGES": ["en", "de", "es"],
            }
        )
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
