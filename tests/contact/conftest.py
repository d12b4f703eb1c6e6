import io

import pytest
from django.core.cache import cache
from django.test import Client, TestCase
from PIL import Image

from tests import factories

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def search_index(settings, tmp_path):
    """A fresh Whoosh index for the test: articles are indexed as they are published."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "kb.search.backends.whoosh",
            "PATH": str(tmp_path / "index"),
            "LANGUAGE": "en",
        }
    }


class CommittingClient(Client):
    """Runs what a POST scheduled for after its commit (the test's transaction never
    commits), as the site does when the request ends."""

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(*args, **kwargs)


@pytest.fixture
def customer(db):
    """A browser-like visitor (the site counts no bots)."""
    return CommittingClient(HTTP_USER_AGENT=BROWSER_UA)


@pytest.fixture
def invoice_article(search_index, category):
    return factories.make_article(
        category,
        "Download an invoice",
        summary="Get a PDF of any invoice from the Billing page.",
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()
