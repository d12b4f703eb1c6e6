import pytest
from django.core.cache import cache

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
def reader_client(client):
    """A browser-like client that has already opened an article (so it has cookies)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    return client
