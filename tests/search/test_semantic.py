import logging
import socket
import sys

import numpy as np
import pytest

from kb.search.selectors import semantic, site, site_search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_dispute(help_center):
    """A query in other words than its answer ("my bill is wrong" for a disputed
    charge), beside an article that shares more of its words but not its meaning."""
    make_article(
        help_center["billing"],
        "Dispute an incorrect charge",
        summary="If a charge on your invoice looks incorrect, ask us to correct it.",
        body=[("paragraph", "<p>We check every disputed bill within two days.</p>")],
    )
    make_article(
        help_center["account"],
        "Wrong password",
        summary="Typed the wrong password too often? Wait ten minutes.",
        body=[("paragraph", "<p>Then try again, or reset it by e-mail.</p>")],
    )
    return "my bill is wrong"


def titles(outcome):
    return [hit.title for hit in outcome.hits]


def test_the_model_loads_from_its_package_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the embedding model reached for the network")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    semantic.embedding_model.cache_clear()

    vectors = semantic.embedding_model().embed(["my bill is wrong"], norm=True)

    assert vectors.shape == (1, 256)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0)


def test_loading_the_model_leaves_the_logging_configuration_alone(monkeypatch):
    root = logging.getLogger()
    # As a site's settings leave it (pytest adds its own handlers), and the package
    # imported afresh: importing it is what calls logging.basicConfig.
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    for name in [name for name in sys.modules if name.startswith("wordllama")]:
        monkeypatch.delitem(sys.modules, name)
    semantic.embedding_model.cache_clear()

    semantic.embedding_model()

    assert root.handlers == [] and root.level == logging.WARNING


def test_a_query_in_other_words_finds_its_meaning_first(settings, billing_dispute):
    settings.KB_SEARCH_SEMANTIC = False
    by_words = titles(site_search(query=billing_dispute))
    settings.KB_SEARCH_SEMANTIC = True
    by_meaning = titles(site_search(query=billing_dispute))

    assert by_words[0] == "Wrong password"
    assert by_meaning[0] == "Dispute an incorrect charge"
    assert sorted(by_meaning) == sorted(by_words)


def test_with_the_setting_off_the_word_ranking_is_untouched(
    settings, monkeypatch, billing_dispute
):
    settings.KB_SEARCH_SEMANTIC = False
    monkeypatch.setattr(site, "rerank", lambda *a, **k: pytest.fail("re-ranked"))

    outcome = site_search(query=billing_dispute)

    scores = [hit.score for hit in outcome.hits]
    assert scores == sorted(scores, reverse=True)
    assert semantic.candidates_to_fetch(offset=0, limit=10) == 10


def test_re_ranked_pages_follow_on_from_each_other(settings, billing_dispute):
    settings.KB_SEARCH_SEMANTIC = True
    query = "bill password invoice plan wrong"

    whole = titles(site_search(query=query, limit=4))
    pages = titles(site_search(query=query, limit=2)) + titles(
        site_search(query=query, offset=2, limit=2)
    )

    assert len(whole) == 4
    assert pages == whole


def test_a_failing_model_leaves_the_word_ranking(
    settings, monkeypatch, billing_dispute
):
    settings.KB_SEARCH_SEMANTIC = False
    by_words = titles(site_search(query=billing_dispute))

    def broken(texts):
        raise RuntimeError("no model")

    settings.KB_SEARCH_SEMANTIC = True
    monkeypatch.setattr(semantic, "_embed", broken)

    assert titles(site_search(query=billing_dispute)) == by_words


def test_vector_cache_keeps_the_most_recent_texts_up_to_its_size():
    cache = semantic._VectorCache(size=2)

    first = cache.vectors(["reset a password", "download an invoice"])
    again = cache.vectors(["download an invoice", "change a plan"])

    assert len(cache._vectors) == 2
    assert np.array_equal(first[1], again[0])
