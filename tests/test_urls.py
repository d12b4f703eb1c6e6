"""Every URL that takes an id answers 404 to an id of any size, never a 500."""

import pytest
from django.urls import get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import URLPattern, URLResolver

from tests import factories

pytestmark = pytest.mark.django_db

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0"
HUGE_IDS = [2**63, 2**64 + 5, 10**30]

PUBLIC_URLS = [
    ("post", "/feedback/articles/{}/vote/"),
    ("get", "/community/t/{}/"),
    ("get", "/community/t/{}/some-title/"),
    ("post", "/community/p/{}/vote/"),
]
ADMIN_URLS = [
    ("get", "/admin/feedback/articles/{}/"),
    ("post", "/admin/feedback/articles/{}/reset/"),
    ("post", "/admin/feedback/articles/{}/visibility/"),
    ("post", "/admin/feedback/{}/resolve/"),
    ("post", "/admin/forum/post/{}/"),
    ("get", "/admin/forum/topic/{}/"),
]


@pytest.mark.parametrize("method,url", PUBLIC_URLS)
def test_a_huge_id_in_a_public_url_is_not_found(client, home, method, url):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "x"  # a reader with cookies, as a browser has
    for huge in HUGE_IDS:
        response = getattr(client, method)(
            url.format(huge), {"helpful": "yes"}, HTTP_USER_AGENT=BROWSER_UA
        )
        assert response.status_code == 404, url.format(huge)


@pytest.mark.parametrize("method,url", ADMIN_URLS)
def test_a_huge_id_in_an_admin_url_is_not_found(client, home, method, url):
    client.raise_request_exception = False
    client.force_login(factories.make_user("editor", is_superuser=True))
    for huge in HUGE_IDS:
        response = getattr(client, method)(url.format(huge))
        assert response.status_code == 404, url.format(huge)


def test_a_real_id_still_resolves(client, article):
    response = client.post(
        f"/feedback/articles/{article.pk}/vote/",
        {"helpful": "yes"},
        HTTP_USER_AGENT=BROWSER_UA,
    )
    assert response.status_code == 302


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_no_kb_url_takes_an_unbounded_int():
    unbounded = [
        route
        for route, entry in _patterns(get_resolver())
        if entry.callback.__module__.startswith("kb.")
        and any(
            isinstance(converter, IntConverter)
            for converter in getattr(entry.pattern, "converters", {}).values()
        )
    ]
    assert unbounded == []
