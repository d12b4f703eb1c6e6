import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from kb.search.models import Synonym
from kb.search.selectors import MAX_QUERY_LENGTH, clean_query, site_search
from tests.factories import make_article
from tests.search.conftest import both_backends

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


def titles(outcome):
    return [hit.title for hit in outcome.hits]


@both_backends
def test_finds_published_articles_with_type_category_and_snippet(help_center):
    outcome = site_search(query="invoice")

    assert outcome.total >= 1
    first = outcome.hits[0]
    assert first.title == "Download an invoice"
    assert first.kind == "article" and first.kind_label == "Article"
    assert first.category == "Billing"
    assert first.url == help_center["invoice"].url
    assert "nvoice" in first.snippet_html
    assert first.answered is None
    assert first.rank == 1


def test_unpublished_articles_are_not_found(help_center):
    make_article(help_center["billing"], "Secret refund policy", live=False)

    assert site_search(query="refund").total == 0


@both_backends
def test_kinds_are_merged_into_one_ranked_list(help_center, category_kind):
    outcome = site_search(query="billing invoice plan")

    kinds = {hit.kind for hit in outcome.hits}
    assert kinds == {"article", "category"}
    assert outcome.kind_counts["category"] >= 1 and outcome.kind_counts["article"] >= 2
    assert outcome.total == sum(outcome.kind_counts.values())
    scores = [hit.score for hit in outcome.hits]
    assert scores == sorted(scores, reverse=True)


def test_type_filter_keeps_one_kind(help_center, category_kind):
    outcome = site_search(query="billing invoice plan", kinds=["category"])

    assert {hit.kind for hit in outcome.hits} == {"category"}


@both_backends
def test_category_filter_keeps_articles_of_that_category(help_center):
    everywhere = site_search(query="password invoice plan log")
    in_billing = site_search(
        query="password invoice plan log", category_id=help_center["billing"].pk
    )

    assert {h.category for h in everywhere.hits} == {"Billing", "Your account"}
    assert {h.category for h in in_billing.hits} == {"Billing"}


@both_backends
def test_pages_of_results_do_not_overlap(help_center):
    first = site_search(query="password invoice plan log", limit=2)
    second = site_search(query="password invoice plan log", offset=2, limit=2)

    assert first.total == second.total >= 3
    assert not set(titles(first)) & set(titles(second))
    assert second.hits[0].rank == 3


@both_backends
def test_quoted_words_must_appear_as_a_phrase(help_center):
    outcome = site_search(query='"reset link"')

    assert titles(outcome) == ["Reset your password"]


@both_backends
def test_editor_synonyms_find_content_using_the_other_words(help_center):
    assert "Reset your password" not in titles(site_search(query="passcode"))

    Synonym.objects.create(terms="password, passcode, pass phrase")

    assert "Reset your password" in titles(site_search(query="passcode"))


def test_editors_pick_comes_first_and_is_not_repeated(help_center):
    query = Query.objects.create(query_string="invoice")
    SearchPromotion.objects.create(
        query=query,
        page=help_center["plan"],
        description="Plans decide invoices.",
        sort_order=0,
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://status.example.com",
        external_link_text="Billing status",
        sort_order=1,
    )

    outcome = site_search(query="  INVOICE ")

    assert [p.title for p in outcome.picks] == ["Change your plan", "Billing status"]
    assert all(p.promoted for p in outcome.picks)
    assert "Change your plan" not in titles(outcome)
    assert "Download an invoice" in titles(outcome)


@both_backends
@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "!!! ??? ***",
        'AND OR NOT ( ) [ ] { } * " : ^ ~ - + / \\ | & !',
        '"unclosed phrase',
        "\ud800 broken surrogate",
        "日本語 ñandú ÅÄÖ 🙂",
        "x" * 10_000,
        "password " * 2000,
        "NEAR(password, 2)",
        "title:password",
        "%_%'; DROP TABLE wagtailcore_page; --",
    ],
)
def test_any_input_gives_an_outcome(help_center, raw):
    outcome = site_search(query=raw)

    assert not outcome.failed
    assert len(outcome.query) <= MAX_QUERY_LENGTH
    assert outcome.total >= 0


def test_overlong_query_is_cut_and_flagged():
    query, truncated = clean_query("word " * 100)

    assert truncated
    assert len(query) <= MAX_QUERY_LENGTH
    assert clean_query("short query") == ("short query", False)


def test_a_misspelt_query_searches_its_correction_from_the_index_words(help_center):
    outcome = site_search(query="dowload invioce")

    assert (outcome.query, outcome.original_query) == (
        "download invoice",
        "dowload invioce",
    )
    assert outcome.hits[0].title == "Download an invoice"
    assert site_search(query="download invoice").original_query is None


def test_a_search_as_typed_only_offers_the_correction(help_center):
    outcome = site_search(query="dowload invioce", correct=False)

    assert (outcome.query, outcome.total) == ("dowload invioce", 0)
    assert outcome.corrected_query == "download invoice"


@both_backends
def test_a_correction_is_searched_only_where_the_backend_has_words(
    help_center, search_backend
):
    outcome = site_search(query="invoce")

    if search_backend == "whoosh":
        assert (outcome.query, outcome.original_query) == ("invoice", "invoce")
    else:  # the database backend has no vocabulary to correct from
        assert (outcome.query, outcome.original_query) == ("invoce", None)


def test_a_correction_comes_from_what_other_searchers_found_first(help_center):
    from kb.search import services

    # The index's closest word to "invoce" is "invoice"; three visitors searched
    # "invoices" and found something.
    for visitor in ("v1", "v2", "v3"):
        services.search_record(
            query="invoices", results=2, visitor=visitor, searcher=visitor
        )

    outcome = site_search(query="invoce")

    assert (outcome.query, outcome.original_query) == ("invoices", "invoce")


def test_a_query_that_finds_plenty_is_never_corrected(help_center):
    from tests.factories import make_article

    # Three articles with "invoice" (the index also has the close "invoices").
    make_article(help_center["billing"], "Pay an invoice by bank transfer")
    outcome = site_search(query="invoice")

    assert outcome.total >= 3
    assert (outcome.original_query, outcome.corrected_query) == (None, None)


def test_a_question_of_only_common_words_says_so_instead_of_searching(help_center):
    for query in ("how to", "the", "How do I"):
        outcome = site_search(query=query)

        assert outcome.only_common_words, query
        assert outcome.total == 0 and outcome.original_query is None


def test_snippet_highlights_the_matching_passage(help_center):
    hit = site_search(query="tax number").hits[0]

    assert hit.title == "Download an invoice"
    assert "<mark>tax</mark>" in hit.snippet_html
    assert "<mark>number</mark>" in hit.snippet_html


def test_snippet_falls_back_to_the_summary_without_highlighting(help_center, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "modelsearch.backends.database"}
    }
    make_article(
        help_center["billing"], "Tax <b>forms</b>", summary="Get your W-9 & <forms>."
    )

    hit = site_search(query="W-9").hits[0]

    assert hit.snippet_html == "Get your W-9 &amp; &lt;forms&gt;."


def test_very_deep_pages_count_but_list_nothing(help_center):
    from kb.search.selectors import MAX_OFFSET

    outcome = site_search(query="invoice", offset=MAX_OFFSET + 10)

    assert outcome.total == 2
    assert outcome.hits == []


def test_the_article_titled_like_the_question_outranks_one_that_repeats_its_words(
    help_center,
):
    make_article(
        help_center["account"],
        "Change the email address of your account",
        summary="Where your details live.",
        body=[
            ("paragraph", "<p>Open Settings, then Profile, and type the new one.</p>")
        ],
    )
    make_article(
        help_center["account"],
        "Account settings overview",
        summary="Account email, address, change of account details.",
        body=[
            (
                "paragraph",
                "<p>Your account email address and change history. "
                "Email change requests, address book, account email.</p>",
            )
        ],
    )

    outcome = site_search(query="how do I change my email address")

    assert titles(outcome)[:2] == [
        "Change the email address of your account",
        "Account settings overview",
    ]
