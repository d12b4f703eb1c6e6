import pytest
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from kb.search.models import QueryDailyStats

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130.0"}


def api(client, **params):
    return client.get("/api/search/", params, **BROWSER)


def test_api_returns_the_same_results_as_the_page(client, help_center):
    data = api(client, q="invoice").json()
    html = client.get("/search/", {"q": "invoice"}, **BROWSER).content.decode()

    assert data["query"] == "invoice"
    assert data["total"] >= 1
    first = data["results"][0]
    assert first["title"] == "Download an invoice"
    assert first["url"] == "http://testserver" + help_center["invoice"].url
    assert first["type"] == "article" and first["category"] == "Billing"
    assert "snippet_html" in first and first["rank"] == 1
    assert all(r["title"] in html for r in data["results"])
    assert html.count('class="search-result"') == len(data["results"])


def test_api_is_open_to_help_widgets_on_other_sites(client, help_center):
    response = api(client, q="invoice")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"


def test_api_pages_and_filters(client, help_center):
    data = api(
        client, q="password log", per_page=1, page=2, category=help_center["account"].pk
    ).json()

    assert data["per_page"] == 1 and data["page"] == 2
    assert data["total"] == 2
    assert [r["category"] for r in data["results"]] == ["Your account"]
    assert data["results"][0]["rank"] == 2


def test_api_lists_editors_picks_as_recommended(client, help_center):
    query = Query.objects.create(query_string="invoice")
    SearchPromotion.objects.create(query=query, page=help_center["plan"], sort_order=0)

    data = api(client, q="invoice").json()

    assert [r["title"] for r in data["recommended"]] == ["Change your plan"]
    assert data["recommended"][0]["recommended"] is True


def test_api_cuts_overlong_queries_with_a_notice(client, help_center):
    data = api(client, q="invoice " * 1000).json()

    assert data["truncated"] is True
    assert len(data["query"]) <= data["max_query_length"]
    assert "cut" in data["notice"]


@pytest.mark.parametrize(
    "params",
    [{"q": "\x00"}, {"q": ""}, {"q": "x", "per_page": "lots"}, {"q": "x", "page": "0"}],
)
def test_api_bad_input_gives_json_not_an_error(client, help_center, params):
    response = api(client, **params)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_api_searches_are_logged(client, help_center):
    api(client, q="invoice")

    assert QueryDailyStats.objects.get().query.query_string == "invoice"


@override_settings(KB_SEARCH_RATE_LIMIT="2/h")
def test_api_rate_limit_answers_json_429(client, help_center):
    codes = [api(client, q="invoice").status_code for _ in range(3)]
    limited = api(client, q="invoice")

    assert codes == [200, 200, 429]
    assert limited["Retry-After"] == "60"
    assert "wait" in limited.json()["error"]


def test_api_searches_a_correction_and_says_what_was_typed(client, help_center):
    data = api(client, q="dowload invioce").json()

    assert (data["query"], data["original_query"]) == (
        "download invoice",
        "dowload invioce",
    )
    assert data["results"][0]["title"] == "Download an invoice"
    assert "Showing results for download invoice" in data["notice"]

    exact = api(client, q="dowload invioce", exact=1).json()

    assert (exact["total"], exact["original_query"]) == (0, None)
    assert exact["corrected_query"] == "download invoice"


def test_api_explains_a_search_of_only_common_words(client, help_center):
    data = api(client, q="how to").json()

    assert data["only_common_words"] and data["total"] == 0
    assert "only very common words" in data["notice"]
