"""A search becomes a public suggestion and a "popular search" only when several
visitors (client addresses) made it: one client can't promote a phrase, however it
varies its headers or how often it searches."""

import pytest
from django.test import Client

from kb.search.selectors import POPULAR_MIN_SEARCHERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


PHRASE = "invoice tax number"


def search_from(address, user_agent, query=PHRASE):
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=user_agent)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Download an invoice" in response.content.decode()  # it found something


def public_offers(query_prefix="invoice t"):
    """What the next visitor sees: suggestions while typing and popular searches."""
    visitor = Client(REMOTE_ADDR="198.51.100.99", HTTP_USER_AGENT="Mozilla/5.0")
    suggested = [
        item["label"]
        for item in visitor.get("/search/suggest/", {"q": query_prefix}).json()[
            "suggestions"
        ]
    ]
    popular_page = visitor.get("/search/").content.decode()
    return suggested, popular_page


def test_one_client_varying_its_browser_does_not_make_a_search_popular(help_center):
    for n in range(POPULAR_MIN_SEARCHERS + 3):
        search_from("203.0.113.7", f"Mozilla/5.0 (X11; Linux) Firefox/{100 + n}.0")

    suggested, popular_page = public_offers()

    assert PHRASE not in suggested
    assert "invoice+tax+number" not in popular_page
    assert "invoice%20tax%20number" not in popular_page


def test_one_ipv6_client_rotating_its_addresses_is_one_visitor(help_center):
    for n in range(POPULAR_MIN_SEARCHERS + 3):
        search_from(f"2001:db8:5:6::{n + 1:x}", "Mozilla/5.0 Firefox/130.0")

    suggested, _ = public_offers()

    assert PHRASE not in suggested


def test_a_search_several_visitors_made_is_offered_to_the_next(help_center):
    for n in range(POPULAR_MIN_SEARCHERS):
        search_from(f"203.0.113.{n + 1}", "Mozilla/5.0 Firefox/130.0")

    suggested, popular_page = public_offers()

    assert PHRASE in suggested
    assert "invoice%20tax%20number" in popular_page
