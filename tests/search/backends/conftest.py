import os

import pytest

# The conformance suite needs modelsearch's test app, which only its own settings
# module installs: the project's test run leaves it to the second pytest run.
collect_ignore = []
if (
    os.environ.get("DJANGO_SETTINGS_MODULE")
    != "tests.search.backends.modelsearch_settings"
):
    collect_ignore.append("test_modelsearch_conformance.py")

BACKENDS = {
    "whoosh": "kb.search.backends.whoosh",
    "database": "modelsearch.backends.database",
}


def use_backend(settings, path, tmp_path, **options):
    config = {"BACKEND": path}
    if path == BACKENDS["whoosh"]:
        config.update({"PATH": str(tmp_path / "index"), "LANGUAGE": "en", **options})
    settings.WAGTAILSEARCH_BACKENDS = {"default": config}
    from modelsearch.backends import get_search_backend

    return get_search_backend()


@pytest.fixture
def whoosh(settings, tmp_path):
    """The Whoosh backend as the site's default, with its index in a fresh folder."""
    return use_backend(settings, BACKENDS["whoosh"], tmp_path)


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings, tmp_path):
    """Each test runs on Whoosh and on the database backend."""
    return use_backend(settings, BACKENDS[request.param], tmp_path)


# The `articles` help center these tests search comes from tests/search/conftest.py.
