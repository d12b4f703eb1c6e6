"""The project's search behaviour, on Whoosh and on the database backend alike."""

import pytest

from kb.articles.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def titles(results):
    return [page.title for page in results]


def test_a_word_of_the_body_finds_the_published_article(backend, articles):
    results = backend.search("tax", ArticlePage.objects.live())

    assert titles(results) == ["Download an invoice"]


def test_a_title_match_ranks_above_a_match_in_the_body_only(backend, articles):
    results = backend.search("invoice", ArticlePage.objects.live())

    assert titles(results) == ["Download an invoice", "Change your plan"]


def test_draft_articles_are_not_found(backend, articles):
    make_article(articles["billing"], "Invoice disputes", live=False)

    results = backend.search("invoice", ArticlePage.objects.live())

    assert "Invoice disputes" not in titles(results)


def test_search_can_be_kept_to_one_category(backend, articles):
    in_account = ArticlePage.objects.live().descendant_of(articles["account"])

    assert titles(backend.search("log", in_account)) == ["Log in with single sign-on"]
    assert titles(backend.search("invoice", in_account)) == []


def test_an_edited_article_is_found_by_its_new_words(backend, articles):
    page = articles["plan"]
    page.summary = "Move to quarterly billing and save."
    page.save_revision().publish()

    assert titles(backend.search("quarterly", ArticlePage.objects.live())) == [
        "Change your plan"
    ]


def test_a_deleted_article_is_no_longer_found(backend, articles):
    articles["invoice"].delete()

    assert titles(backend.search("tax", ArticlePage.objects.live())) == []


def test_results_come_in_pages_with_a_total(backend, articles):
    for number in range(12):
        make_article(articles["billing"], f"Refund case {number}")
    results = backend.search("refund", ArticlePage.objects.live())

    assert results.count() == 12
    first, second = list(results[:10]), list(results[10:20])
    assert len(first) == 10 and len(second) == 2
    assert not {page.pk for page in first} & {page.pk for page in second}


def test_results_can_be_ordered_by_a_filter_field(backend, articles):
    queryset = ArticlePage.objects.live().order_by("-last_published_at")

    results = backend.search(
        "password log plan", queryset, operator="or", order_by_relevance=False
    )

    assert titles(results) == [
        "Change your plan",
        "Log in with single sign-on",
        "Reset your password",
    ]


def test_autocomplete_finds_an_article_from_the_start_of_a_title_word(
    backend, articles
):
    results = backend.autocomplete("passw", ArticlePage.objects.live())

    assert titles(results) == ["Reset your password"]
