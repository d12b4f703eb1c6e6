import pytest
from django.test import override_settings

from kb.search import services
from kb.search.selectors import POPULAR_MIN_SEARCHERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130.0"}


def suggest(client, q, **params):
    return client.get("/search/suggest/", {"q": q, **params}, **BROWSER)


def test_suggests_matching_article_titles_with_links(client, help_center):
    data = suggest(client, "inv").json()

    labels = [item["label"] for item in data["suggestions"]]
    assert "Download an invoice" in labels
    item = data["suggestions"][labels.index("Download an invoice")]
    assert item["type"] == "article" and item["url"] == help_center["invoice"].url
    assert item["click"]


def test_suggestions_are_cheap_enough_for_every_keystroke(
    client, help_center, django_assert_max_num_queries
):
    suggest(client, "in")  # open the index once

    with django_assert_max_num_queries(6):
        response = suggest(client, "invo")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"


def test_too_short_input_gets_no_suggestions(client, help_center):
    assert suggest(client, "i").json()["suggestions"] == []
    assert suggest(client, "").json()["suggestions"] == []


def test_popular_queries_are_suggested_only_after_several_visitors(client, help_center):
    for visitor in range(POPULAR_MIN_SEARCHERS - 1):
        services.search_record(
            query="invoice tax number",
            results=1,
            visitor=str(visitor),
            searcher=str(visitor),
        )
    before = [i["label"] for i in suggest(client, "invoice t").json()["suggestions"]]

    services.search_record(
        query="invoice tax number", results=1, visitor="last", searcher="last"
    )
    after = suggest(client, "invoice t").json()["suggestions"]

    assert "invoice tax number" not in before
    query_item = next(i for i in after if i["type"] == "query")
    assert query_item["label"] == "invoice tax number"
    assert query_item["url"] == "/search/?q=invoice+tax+number"


def test_queries_that_found_nothing_are_never_suggested(client, help_center):
    for visitor in range(POPULAR_MIN_SEARCHERS + 2):
        services.search_record(
            query="invoice nonsense",
            results=0,
            visitor=str(visitor),
            searcher=str(visitor),
        )

    labels = [i["label"] for i in suggest(client, "invoice n").json()["suggestions"]]

    assert "invoice nonsense" not in labels


def test_opensearch_suggestions_format(client, help_center):
    response = suggest(client, "inv", format="opensearch")

    assert response["Content-Type"] == "application/x-suggestions+json"
    assert response.json()[0] == "inv"
    assert "Download an invoice" in response.json()[1]


@pytest.mark.parametrize("q", ["\x00\x00", "((((", '"', "🙂🙂", "a" * 5000, "* OR *"])
def test_any_input_gives_json(client, help_center, q):
    response = suggest(client, q)

    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


@override_settings(KB_SEARCH_SUGGEST_RATE_LIMIT="2/h")
def test_suggestions_are_rate_limited_with_a_json_429(client, help_center):
    codes = [suggest(client, f"in{n}").status_code for n in range(3)]

    assert codes == [200, 200, 429]
    assert "error" in suggest(client, "inv").json()


def test_the_word_being_typed_is_completed_from_the_index(client, help_center):
    items = suggest(client, "download inv").json()["suggestions"]

    queries = [i["label"] for i in items if i["type"] == "query"]
    assert "download invoice" in queries
    assert all(q.startswith("download inv") for q in queries)


def test_a_misspelt_prefix_gets_the_suggestions_of_its_correction(client, help_center):
    data = suggest(client, "pasword").json()

    assert data["corrected_query"] == "password"
    assert "Reset your password" in [item["label"] for item in data["suggestions"]]
    assert suggest(client, "passw").json()["corrected_query"] is None
