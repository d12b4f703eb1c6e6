"""What customers type, understood: contraction spellings, built-in synonym groups
beside the editors' ones, inflections, and article keywords."""

import pytest

from kb.search.models import Synonym
from kb.search.selectors import build_search_query, site_search, synonyms_for
from kb.search.selectors.synonyms import match_key, respell_contractions
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


def titles(outcome):
    return [hit.title for hit in outcome.hits]


def test_contractions_are_spelled_the_way_help_content_spells_them():
    assert respell_contractions("cant log in") == "can't log in"
    assert respell_contractions("Cannot sign in, I dont know") == (
        "can't sign in, I don't know"
    )
    assert respell_contractions("app won’t open") == "app won't open"
    assert respell_contractions("wont") == "won't"


def test_match_keys_ignore_fillers_inflections_and_contraction_spellings():
    assert match_key("Cancelling my subscription") == match_key("cancel subscription")
    assert match_key("logged in") == match_key("log in")
    assert match_key("cant sign in") == match_key("can't sign in")
    assert match_key("coworkers") == match_key("coworker")


def test_built_in_groups_widen_how_customers_word_a_need():
    assert "login" in synonyms_for("logging in from my laptop")
    assert "sign in" in synonyms_for("cannot log in")
    assert "cancel subscription" in synonyms_for("how do I stop paying")
    assert "offline" in synonyms_for("use without internet")
    assert "contact support" in synonyms_for("talk to a human")
    assert synonyms_for("invoice") == []


def test_editors_groups_come_before_the_built_in_ones():
    Synonym.objects.create(terms="log in, enter the app")

    alternatives = synonyms_for("log in")

    assert alternatives[0] == "enter the app"
    assert "sign in" in alternatives
    assert len(alternatives) == len(set(alternatives))


def test_quoted_phrases_are_searched_as_typed():
    query = build_search_query('"cant log in" dont')

    phrase, words = query.subqueries
    assert phrase.query_string == "cant log in"
    assert words.query_string == "don't"


def test_a_customers_wording_finds_the_article_that_uses_other_words(help_center):
    # No article says "signin" or "logon".
    assert "Log in with single sign-on" in titles(site_search(query="signin"))
    assert "Log in with single sign-on" in titles(site_search(query="logon"))


def test_search_keywords_find_an_article_like_its_title(help_center):
    locked = make_article(
        help_center["account"],
        "Unlock your account",
        summary="After too many wrong passwords.",
        search_keywords="frozen account",
    )

    outcome = site_search(query="frozen")

    assert titles(outcome)[0] == locked.title


def test_a_quoted_common_word_does_not_empty_the_results(help_center):
    outcome = site_search(query='download the invoice "from" billing')

    assert "Download an invoice" in titles(outcome)


def test_a_synonym_of_several_words_needs_all_of_them_not_their_order():
    from wagtail.search.query import PlainText

    def leaves(query):
        if isinstance(query, PlainText):
            return [(query.query_string, query.operator)]
        return [leaf for sub in query.subqueries for leaf in leaves(sub)]

    query = build_search_query("register", synonyms=["sign up", "create account"])

    assert leaves(query) == [
        ("register", "or"),
        ("sign up", "and"),
        ("create account", "and"),
    ]
