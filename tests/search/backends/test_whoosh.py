"""What the Whoosh backend does beyond the shared search behaviour."""

import logging
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from modelsearch.query import Fuzzy, Phrase
from wagtail.models import Page

from kb.articles.models import ArticlePage
from tests.factories import make_article

from .conftest import BACKENDS, use_backend

pytestmark = pytest.mark.django_db

TYPED_BY_PEOPLE = [
    '"unbalanced quote',
    "password'",
    "AND",
    "OR NOT",
    "-",
    "+",
    "*",
    "pass*",
    ":",
    "title:password",
    "^",
    "password^3",
    "~",
    "pasword~2",
    "( [ { <",
    "\\",
    "\x00\x01\x1b[31m",
    "🙂 emoji",
    "Grüße naïve café",
    "日本語の検索",
    "مرحبا",
    "a" * 5000,
    "password " * 400,
    "   ",
    "\t\n",
]


def titles(results):
    return [page.title for page in results]


def test_any_query_a_person_can_type_gives_results_or_none_but_never_an_error(
    whoosh, articles
):
    for text in TYPED_BY_PEOPLE:
        for results in (
            whoosh.search(text, ArticlePage.objects.live()),
            whoosh.autocomplete(text, ArticlePage.objects.live()),
            whoosh.search(Fuzzy(text), Page.objects.live()),
            whoosh.search(Phrase(text), Page.objects.live()),
        ):
            assert len(list(results[:10])) == min(results.count(), 10), text
        assert isinstance(whoosh.highlight("Reset your password here", text), str)
        assert isinstance(whoosh.suggest_terms(text), list)
        whoosh.spelling_suggestion(text)


def test_a_query_with_syntax_characters_still_finds_the_words(whoosh, articles):
    assert titles(whoosh.search('"reset password', ArticlePage.objects.live()))[0] == (
        "Reset your password"
    )


def test_other_forms_of_a_word_match_through_stemming(whoosh, articles):
    assert titles(whoosh.search("invoicing", ArticlePage.objects.live()))[0] == (
        "Download an invoice"
    )


def test_a_fuzzy_query_forgives_a_typo(whoosh, articles):
    results = whoosh.search(Fuzzy("pasword"), ArticlePage.objects.live())

    assert titles(results) == ["Reset your password"]


def test_words_are_found_with_or_without_accents(whoosh, articles):
    make_article(articles["account"], "Paramètres du café")

    assert titles(whoosh.search("parametres", ArticlePage.objects.live())) == [
        "Paramètres du café"
    ]


def test_searches_reuse_one_searcher_until_the_index_changes(whoosh, articles):
    index = whoosh.get_index_for_model(ArticlePage)
    list(whoosh.search("password", ArticlePage.objects.live()))
    first = index.generation()
    list(whoosh.search("invoice", ArticlePage.objects.live()))

    assert index.generation() is first

    make_article(articles["billing"], "Refund a payment")

    assert titles(whoosh.search("refund", ArticlePage.objects.live())) == [
        "Refund a payment"
    ]
    assert index.generation() is not first


def test_a_missing_index_gives_no_results_and_a_clear_log_message(
    whoosh, articles, caplog
):
    index = whoosh.get_index_for_model(ArticlePage)
    shutil.rmtree(index.store.current_dir())

    with caplog.at_level(logging.ERROR, logger="kb.search"):
        results = whoosh.search("password", ArticlePage.objects.live())
        assert list(results) == [] and results.count() == 0

    assert "update_index" in caplog.text


def test_a_corrupt_index_gives_no_results_and_update_index_repairs_it(
    whoosh, articles, caplog
):
    folder = whoosh.get_index_for_model(ArticlePage).store.current_dir()
    for path in folder.iterdir():
        path.write_bytes(b"\x00garbage" * 10)

    with caplog.at_level(logging.ERROR, logger="kb.search"):
        assert list(whoosh.search("password", ArticlePage.objects.live())) == []
    assert "unreadable" in caplog.text

    call_command("update_index", stdout=StringIO())

    assert titles(whoosh.search("password", ArticlePage.objects.live())) == [
        "Reset your password"
    ]


def test_the_search_page_answers_without_an_error_when_the_index_is_missing(
    client, whoosh, articles
):
    shutil.rmtree(whoosh.get_index_for_model(ArticlePage).store.current_dir())

    response = client.get("/search/", {"q": "password"})

    assert response.status_code == 200


def test_highlight_marks_the_matching_words_in_any_form_and_escapes_the_rest(whoosh):
    text = "Resetting <b>passwords</b> is easy. " + "Unrelated words. " * 40

    snippet = whoosh.highlight(text, "reset password", limit=120)

    assert "<mark>Resetting</mark>" in snippet
    assert "<mark>passwords</mark>" in snippet
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet
    assert len(snippet) < 220


def test_highlight_shows_the_passage_around_a_match_deep_in_the_text(whoosh):
    text = "Introduction. " * 50 + "Download the invoice from Billing." + " Outro." * 50

    snippet = whoosh.highlight(text, "invoice", limit=100)

    assert "<mark>invoice</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_highlight_is_empty_when_nothing_matches(whoosh):
    assert whoosh.highlight("Reset your password", "invoice") == ""


def test_did_you_mean_corrects_a_misspelt_word_from_the_index(whoosh, articles):
    assert whoosh.spelling_suggestion("dowload invoise") == "download invoice"
    assert whoosh.spelling_suggestion("Reset pasword") == "Reset password"


def test_did_you_mean_is_silent_for_a_query_that_looks_right(whoosh, articles):
    assert whoosh.spelling_suggestion("reset password") is None
    assert whoosh.spelling_suggestion("qwxz") is None


def test_term_suggestions_complete_the_last_word_most_frequent_first(whoosh, articles):
    make_article(articles["billing"], "Payment methods", summary="Pay by card.")
    make_article(
        articles["billing"], "Failed payments", summary="When a payment fails."
    )
    make_article(
        articles["billing"], "Paypal", summary="Pay with Paypal or another payment."
    )

    suggestions = whoosh.suggest_terms("pay")

    assert suggestions[0] == "payment"
    assert {"pay", "paypal", "payments"} <= set(suggestions)
    assert whoosh.suggest_terms("failed paym", limit=2) == [
        "failed payment",
        "failed payments",
    ]
    assert whoosh.suggest_terms("zzz") == []


@pytest.mark.parametrize(("language", "found"), [("de", True), ("en", False)])
def test_the_language_setting_chooses_the_stemming(
    settings, tmp_path, category, language, found
):
    backend = use_backend(settings, BACKENDS["whoosh"], tmp_path, LANGUAGE=language)
    make_article(
        category, "Rechnungen herunterladen", summary="Alle Rechnungen als PDF."
    )

    results = backend.search("Rechnung", ArticlePage.objects.live())

    assert titles(results) == (["Rechnungen herunterladen"] if found else [])


def test_a_filter_the_index_cannot_answer_is_answered_by_the_database(whoosh, articles):
    queryset = ArticlePage.objects.live().filter(title__icontains="PASSWORD")

    assert titles(whoosh.search("reset", queryset)) == ["Reset your password"]
    assert whoosh.search("reset", queryset).count() == 1


def test_a_filtered_page_of_results_costs_one_query_and_never_lists_every_hit(
    whoosh, articles, django_assert_num_queries, monkeypatch
):
    for number in range(15):
        make_article(articles["billing"], f"Refund case {number}")
    # Whoosh's Searcher class, reached without importing Whoosh outside kb/search.
    Searcher = type(whoosh.get_index_for_model(ArticlePage).generation().searcher)
    limits = []
    original = Searcher.search

    def recording_search(self, query, limit=10, **kwargs):
        limits.append(limit)
        return original(self, query, limit=limit, **kwargs)

    monkeypatch.setattr(Searcher, "search", recording_search)
    queryset = ArticlePage.objects.live().descendant_of(articles["billing"])

    with django_assert_num_queries(1):  # loading the 10 pages; no list of all keys
        page = list(whoosh.search("refund", queryset)[:10])

    assert len(page) == 10
    # A plain OR of words is scored term by term (kb.search.backends.whoosh.topk);
    # anything that does reach Whoosh's search asks for the page, never for all.
    assert None not in limits


def test_words_found_only_in_drafts_are_never_suggested(whoosh, articles):
    make_article(articles["billing"], "Acquisition of Zorblax", live=False)

    visible = [ArticlePage.objects.live()]
    assert whoosh.suggest_terms("zorbl", querysets=visible) == []
    assert whoosh.spelling_suggestion("zorblex", querysets=visible) is None

    make_article(articles["billing"], "Zorbing at the company retreat")

    assert whoosh.suggest_terms("zorb", querysets=visible) == ["zorbing"]


def test_an_edited_article_is_found_once_by_the_process_that_searched_before(
    whoosh, articles
):
    password = articles["password"]
    assert titles(whoosh.search("password", ArticlePage.objects.live())) == [
        "Reset your password"
    ]
    index = whoosh.get_index_for_model(ArticlePage)
    for number in range(12):  # enough commits for Whoosh to merge segments
        password.title = f"Reset your password ({number})"
        password.save(update_fields=["title"])
        index.add_items(ArticlePage, [password])  # and once more, as a rebuild would
        found = whoosh.search("password", ArticlePage.objects.live())
        assert found.count() == 1
        assert titles(found) == [f"Reset your password ({number})"]
