import pytest
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from kb.search.models import QueryDailyStats

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


@pytest.fixture
def home(module_help_center):
    """The help center's home page (one home page a site)."""
    return module_help_center[1]


BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


def get(client, url, **params):
    return client.get(url, params, **BROWSER)


def test_search_page_lists_results_with_count_and_keeps_the_query(client, help_center):
    response = get(client, "/search/", q="invoice")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Download an invoice" in html
    assert "result" in html and "for “invoice”" in html
    assert 'value="invoice"' in html
    assert "in Billing" in html
    assert 'data-click="' in html
    assert '<meta name="robots" content="noindex">' in html


def test_type_and_category_filters_are_offered_and_kept(client, help_center):
    billing = help_center["billing"]

    html = get(
        client, "/search/", q="password invoice plan log", category=billing.pk
    ).content.decode()

    assert f'<option value="{billing.pk}" selected>Billing</option>' in html
    assert '<option value="article">Articles</option>' in html
    assert "Reset your password" not in html
    assert "Change your plan" in html


def test_pagination_links_keep_query_and_filters(client, help_center, home):
    from tests.factories import make_article

    for number in range(12):
        make_article(help_center["billing"], f"Invoice question {number}")

    html = get(client, "/search/", q="invoice", type="article").content.decode()
    page2 = get(
        client, "/search/", q="invoice", type="article", page=2
    ).content.decode()

    assert "Page 1 of 2" in html
    assert 'href="?q=invoice&amp;type=article&amp;page=2"' in html
    assert "Page 2 of 2" in page2 and 'rel="prev"' in page2


def test_zero_results_page_is_friendly(client, help_center):
    html = get(client, "/search/", q="xylophone").content.decode()

    assert "No results for “xylophone”" in html
    assert "checking the spelling" in html
    assert "Popular articles" in html
    assert "Download an invoice" in html  # the newest content when nobody clicked yet


def test_zero_results_page_links_to_asking_the_community_when_forum_exists(
    client, help_center
):
    from django.urls import NoReverseMatch, reverse

    try:
        ask_url = reverse("forum:ask")
    except NoReverseMatch:
        pytest.skip("the forum has no ask page yet")

    html = get(client, "/search/", q="xylophone").content.decode()

    assert f'href="{ask_url}?title=xylophone"' in html and "Ask the community" in html


def test_editors_pick_is_shown_first_and_marked_recommended(client, help_center):
    query = Query.objects.create(query_string="invoice")
    SearchPromotion.objects.create(query=query, page=help_center["plan"], sort_order=0)

    html = get(client, "/search/", q="invoice").content.decode()

    assert "Recommended" in html
    assert html.index("Change your plan") < html.index("Download an invoice")


def test_overlong_query_is_cut_with_a_notice(client, help_center):
    response = get(client, "/search/", q="invoice " + "x" * 10_000)

    assert response.status_code == 200
    assert "Your search was too long" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00\x7f\x1b[31m"},
        {"q": "日本語 🙂 ñ"},
        {"q": '"(*&^%$#@!)"'},
        {"q": "invoice", "page": "-3"},
        {"q": "invoice", "page": "abc"},
        {"q": "invoice", "page": "99999999999999999999"},
        {"q": "invoice", "category": "9999999999999999999999"},
        {"q": "invoice", "category": "x"},
        {"q": "invoice", "type": "<script>"},
        {"q": ["one", "two"]},
    ],
)
def test_bad_input_never_gives_a_server_error(client, help_center, params):
    response = client.get("/search/", params, **BROWSER)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_binary_query_string_is_handled(client, help_center):
    response = client.get("/search/?q=%FF%FE%00%C3%28invoice", **BROWSER)

    assert response.status_code == 200


def test_empty_search_shows_a_hint_and_logs_nothing(client, help_center):
    html = get(client, "/search/", q="   ").content.decode()

    assert "Type a question" in html
    assert not QueryDailyStats.objects.exists()


@override_settings(KB_SEARCH_RATE_LIMIT="3/h")
def test_anonymous_searcher_is_rate_limited_with_429(client, help_center):
    codes = [get(client, "/search/", q=f"invoice {n}").status_code for n in range(4)]

    assert codes == [200, 200, 200, 429]
    limited = get(client, "/search/", q="invoice")
    assert "Retry-After" in limited
    assert "too many" in limited.content.decode().lower()


@override_settings(KB_SEARCH_RATE_LIMIT="3/h")
def test_signed_in_people_are_not_rate_limited(client, help_center):
    from tests.factories import make_user

    client.force_login(make_user())

    codes = {get(client, "/search/", q=f"invoice {n}").status_code for n in range(5)}

    assert codes == {200}


def test_opensearch_description_is_linked_and_served(client, help_center):
    home_html = get(client, "/").content.decode()
    response = get(client, "/search/opensearch.xml")

    assert 'rel="search" type="application/opensearchdescription+xml"' in home_html
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    body = response.content.decode()
    assert 'template="http://testserver/search/?q={searchTerms}"' in body
    assert "application/x-suggestions+json" in body


def test_a_misspelt_search_shows_the_corrections_results_and_a_way_back(
    client, help_center
):
    html = get(client, "/search/", q="dowload invioce").content.decode()

    assert "Showing results for <strong>download invoice</strong>" in html
    assert "Download an invoice" in html
    back = 'href="?q=dowload+invioce&amp;exact=1"'
    assert f"Search instead for <a {back}>dowload invioce</a>" in html

    exact = get(client, "/search/", q="dowload invioce", exact=1).content.decode()

    assert "No results for “dowload invioce”" in exact
    assert 'Did you mean <a href="?q=download+invoice">download invoice</a>' in exact


def test_a_search_of_only_common_words_says_why_it_found_nothing(client, help_center):
    html = get(client, "/search/", q="how to").content.decode()

    assert "“how to” has only very common words" in html
    assert "No results" not in html


def test_highlighted_snippet_is_shown_but_page_text_is_escaped(client, help_center):
    from tests.factories import make_article

    make_article(
        help_center["billing"],
        "Tax <script>alert(1)</script> forms",
        summary="Tax forms <img src=x onerror=alert(1)> for customers.",
    )

    html = get(client, "/search/", q="tax").content.decode()

    assert "<mark>" in html
    assert "<img src=x" not in html and "<script>alert" not in html


def test_a_page_past_the_end_shows_the_last_page(client, help_center):
    html = get(client, "/search/", q="invoice", page=40).content.decode()

    assert "Download an invoice" in html
    assert 'class="search-result"' in html


def test_empty_search_page_lists_popular_searches(client, help_center):
    from kb.search import services
    from kb.search.selectors import POPULAR_MIN_SEARCHERS

    for visitor in range(POPULAR_MIN_SEARCHERS):
        services.search_record(
            query="download invoice",
            results=2,
            visitor=str(visitor),
            searcher=str(visitor),
        )
    services.search_record(
        query="rare question", results=2, visitor="one", searcher="one"
    )

    html = get(client, "/search/").content.decode()

    assert "Popular searches" in html
    assert 'href="?q=download%20invoice"' in html
    assert "rare question" not in html


def test_zero_results_page_lists_what_searchers_open_most(client, help_center):
    from kb.search import services

    for visitor in ("a", "b"):
        services.click_record(
            query="tax",
            kind="article",
            object_id=str(help_center["login"].pk),
            url=help_center["login"].url,
            title="Log in with single sign-on",
            rank=1,
            source="results",
            visitor=visitor,
        )

    html = get(client, "/search/", q="xylophone").content.decode()
    popular = html.split("Popular articles", 1)[1]

    assert popular.index("Log in with single sign-on") < popular.index("</ul>")
    assert "Download an invoice" not in popular.split("</ul>")[0]
