"""Searches and clicks are logged once per visitor, never for bots."""

import pytest
from wagtail.contrib.search_promotions.models import Query

from kb.search.models import QueryDailyStats, SearchClick

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130 Safari/537.36"


def search(client, q, agent=FIREFOX, addr="10.0.0.1", **extra):
    return client.get(
        "/search/", {"q": q}, HTTP_USER_AGENT=agent, REMOTE_ADDR=addr, **extra
    )


def searches_of(query_string):
    stats = QueryDailyStats.objects.filter(query__query_string=query_string)
    return sum(s.searches for s in stats)


def test_search_is_logged_normalised_with_result_count(client, help_center):
    search(client, "  Download   INVOICE ")

    stats = QueryDailyStats.objects.get()
    assert stats.query.query_string == "download invoice"
    assert stats.searches == 1
    assert stats.results >= 1
    assert Query.objects.get(query_string="download invoice").hits == 1


def test_refreshes_and_next_pages_do_not_count_again(client, help_center):
    for _ in range(5):
        search(client, "invoice")
    client.get(
        "/search/",
        {"q": "invoice", "page": 2},
        HTTP_USER_AGENT=FIREFOX,
        REMOTE_ADDR="10.0.0.1",
    )

    assert searches_of("invoice") == 1


def test_different_visitors_each_count(client, help_center):
    search(client, "invoice", addr="10.0.0.1")
    search(client, "invoice", addr="10.0.0.2")
    search(client, "invoice", agent=CHROME, addr="10.0.0.2")

    assert searches_of("invoice") == 3


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_bots_and_scripts_are_not_logged(client, help_center, agent):
    response = search(client, "invoice", agent=agent)

    assert response.status_code == 200
    assert not QueryDailyStats.objects.exists()


def test_browser_prefetch_is_not_logged(client, help_center):
    search(client, "invoice", HTTP_SEC_PURPOSE="prefetch")

    assert not QueryDailyStats.objects.exists()


def click_token_from(html):
    import re

    return re.search(r'data-click="([^"]+)"', html).group(1)


def test_click_on_a_result_is_recorded_with_rank(client, help_center):
    html = search(client, "invoice").content.decode()
    token = click_token_from(html)

    response = client.post(
        "/search/click/", {"t": token}, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 202
    click = SearchClick.objects.get()
    assert click.query.query_string == "invoice"
    assert click.rank == 1
    assert click.kind == "article"
    assert click.title == "Download an invoice"
    assert click.url == help_center["invoice"].url


def test_repeated_click_counts_once(client, help_center):
    token = click_token_from(search(client, "invoice").content.decode())

    for _ in range(3):
        client.post("/search/click/", {"t": token}, HTTP_USER_AGENT=FIREFOX)

    assert SearchClick.objects.count() == 1


def test_forged_or_missing_click_token_is_rejected(client, help_center):
    bad = client.post("/search/click/", {"t": "made-up"}, HTTP_USER_AGENT=FIREFOX)
    empty = client.post("/search/click/", {}, HTTP_USER_AGENT=FIREFOX)
    wrong_method = client.get("/search/click/", HTTP_USER_AGENT=FIREFOX)

    assert bad.status_code == 400 and empty.status_code == 400
    assert wrong_method.status_code == 405
    assert not SearchClick.objects.exists()


def test_click_needs_the_csrf_token(help_center):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    html = search(client, "invoice").content.decode()
    token = click_token_from(html)
    csrf = client.cookies["csrftoken"].value

    refused = client.post("/search/click/", {"t": token}, HTTP_USER_AGENT=FIREFOX)
    accepted = client.post(
        "/search/click/",
        {"t": token, "csrfmiddlewaretoken": csrf},
        HTTP_USER_AGENT=FIREFOX,
    )

    assert refused.status_code == 403
    assert accepted.status_code == 202
    assert SearchClick.objects.count() == 1


def test_bot_clicks_are_not_recorded(client, help_center):
    token = click_token_from(search(client, "invoice").content.decode())

    client.post("/search/click/", {"t": token}, HTTP_USER_AGENT="Googlebot/2.1")

    assert not SearchClick.objects.exists()
