"""What the backend keeps per index generation: one budget, dropped whole."""

import numpy as np
import pytest

from kb.articles.models import ArticlePage
from kb.search.backends.whoosh.generation import Memo
from tests.factories import make_article

from .conftest import BACKENDS, use_backend

pytestmark = pytest.mark.django_db


def test_the_cache_keeps_the_most_recently_used_values_within_its_budget():
    memo = Memo(budget_bytes=3000)
    for key in "abcd":
        memo.get(key, lambda: np.zeros(1000, dtype=np.uint8))
    memo.get("b", lambda: pytest.fail("b was kept"))

    assert memo.size <= 3000
    assert list(memo.items) == ["c", "d", "b"]  # "a", the least recent, went first


def test_a_value_bigger_than_the_budget_is_computed_but_not_kept():
    memo = Memo(budget_bytes=100)

    value = memo.get("big", lambda: np.zeros(1000))

    assert len(value) == 1000 and memo.size == 0 and not memo.items


def test_searches_give_the_same_answers_with_a_cache_too_small_to_keep_anything(
    whoosh, settings, tmp_path, articles
):
    for number in range(30):
        make_article(articles["billing"], f"Refund request {number}")
    queries = ["refund", "refund password", "invoice plan", "request 7"]
    expected = {q: _ranking(whoosh, q) for q in queries}
    tiny = use_backend(settings, BACKENDS["whoosh"], tmp_path, CACHE_MB=0.0001)

    assert {q: _ranking(tiny, q) for q in queries} == expected
    generation = tiny.get_index_for_model(ArticlePage).generation()
    assert generation.memo.size <= generation.memo.budget


def _ranking(backend, text):
    results = backend.search(text, ArticlePage.objects.live())
    return results.count(), [page.pk for page in results[:10]]


def test_a_write_replaces_the_generation_and_everything_cached_with_it(
    whoosh, articles
):
    index = whoosh.get_index_for_model(ArticlePage)
    assert whoosh.search("refund", ArticlePage.objects.live()).count() == 0
    before = index.generation()
    assert before.memo.items  # the search cached what it decoded

    make_article(articles["billing"], "Refund a payment")

    assert whoosh.search("refund", ArticlePage.objects.live()).count() == 1
    after = index.generation()
    assert after is not before
    assert before.searcher.is_closed  # dropped, with what it had cached


def test_an_index_with_no_documents_reads_as_empty_without_an_error(whoosh, caplog):
    whoosh.get_index_for_model(ArticlePage).reset()  # built, with nothing in it

    assert whoosh.search("refund", ArticlePage.objects.live()).count() == 0
    assert "unreadable" not in caplog.text


def test_an_index_with_no_documents_is_opened_once_not_at_every_search(whoosh):
    """A site without forum threads yet searched its empty thread index by opening
    it again at every search."""
    index = whoosh.get_index_for_model(ArticlePage)
    index.reset()
    whoosh.search("refund", ArticlePage.objects.live()).count()
    first = index.generation()

    whoosh.search("refund", ArticlePage.objects.live()).count()

    assert index.generation() is first and not first.searcher.is_closed
