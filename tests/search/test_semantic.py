import logging
import socket
import sys

import numpy as np
import pytest
from django.core.management import call_command

from kb.search import embeddings
from kb.search.models import MeaningVector
from kb.search.selectors import semantic, site, site_search
from kb.search.sources import sources
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


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
    embeddings.embedding_model.cache_clear()

    vectors = embeddings.embedding_model().embed(["my bill is wrong"], norm=True)

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
    embeddings.embedding_model.cache_clear()

    embeddings.embedding_model()

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
    monkeypatch.setattr(embeddings, "embed", broken)

    assert titles(site_search(query=billing_dispute)) == by_words


def test_vector_cache_keeps_the_most_recent_texts_up_to_its_size():
    cache = embeddings._VectorCache(size=2)
    one, two, three = (np.full(2, n, dtype=np.float32) for n in (1, 2, 3))

    cache.put({"a": one, "b": two})
    cache.get(["a"])  # now the most recent
    cache.put({"c": three})

    assert set(cache.get(["a", "b", "c"])) == {"a", "c"}


@pytest.fixture
def embedded_texts(monkeypatch):
    """What gets embedded from now on, in a process that has no vector yet (as
    after a restart)."""
    seen = []
    embed = embeddings.embed

    def recording(texts):
        seen.extend(texts)
        return embed(texts)

    monkeypatch.setattr(embeddings, "_cache", embeddings._VectorCache(100))
    monkeypatch.setattr(embeddings, "embed", recording)
    return seen


def stored_digests(article):
    return dict(
        MeaningVector.objects.filter(object_pk=str(article.pk)).values_list(
            "part", "digest"
        )
    )


def test_a_published_article_is_embedded_when_it_is_indexed(
    settings, help_center, embedded_texts
):
    settings.KB_SEARCH_SEMANTIC = True

    charge = make_article(help_center["billing"], "Dispute an incorrect charge")

    title, text = embeddings.texts_of(charge.specific)
    assert embedded_texts == [title, text]
    assert stored_digests(charge) == {
        "title": embeddings.digest(title),
        "text": embeddings.digest(text),
    }


def test_a_search_in_a_new_process_embeds_only_its_query(
    settings, billing_dispute, embedded_texts
):
    settings.KB_SEARCH_SEMANTIC = True
    embeddings.store_all_vectors()  # published while the setting was off
    embedded_texts.clear()
    embeddings._cache = embeddings._VectorCache(100)  # another process, or a restart

    outcome = site_search(query=billing_dispute)

    assert embedded_texts == [billing_dispute]
    assert titles(outcome)[0] == "Dispute an incorrect charge"


def test_an_edited_article_is_compared_by_its_new_words(settings, help_center):
    settings.KB_SEARCH_SEMANTIC = True
    article = make_article(help_center["account"], "Wrong password")
    before = stored_digests(article)

    article.title = "Dispute an incorrect bill"
    article.save_revision().publish()

    after = stored_digests(article)
    assert after["title"] == embeddings.digest("Dispute an incorrect bill")
    assert after["text"] != before["text"]
    assert MeaningVector.objects.count() == 2


def test_an_unpublished_article_leaves_no_vectors(settings, help_center):
    settings.KB_SEARCH_SEMANTIC = True
    article = make_article(help_center["account"], "Wrong password")

    article.unpublish()

    assert stored_digests(article) == {}


def test_update_index_embeds_every_findable_object_and_forgets_the_rest(
    settings, help_center, embedded_texts
):
    make_article(help_center["billing"], "Dispute an incorrect charge")
    make_article(help_center["account"], "Wrong password")
    make_article(help_center["account"], "A draft", live=False)
    assert MeaningVector.objects.count() == 0  # the setting was off
    settings.KB_SEARCH_SEMANTIC = True
    MeaningVector.objects.create(
        model_label="articles.ArticlePage",
        object_pk="999999",
        part="title",
        digest="0" * 32,
        vector=b"",
    )

    call_command("update_index", verbosity=0)

    stored = set(MeaningVector.objects.values_list("object_pk", flat=True))
    findable = {str(obj.pk) for source in sources() for obj in source.queryset()}
    assert stored == findable and len(findable) >= 2
    assert MeaningVector.objects.count() == 2 * len(findable)
    embedded_texts.clear()
    call_command("update_index", verbosity=0)
    assert embedded_texts == []  # nothing changed: nothing embedded again


def test_texts_embedded_together_get_the_vectors_they_get_alone():
    texts = ["how do I export every invoice of last year as one PDF file", "refund"]

    together = embeddings.embed(texts)

    assert np.allclose(together[0], embeddings.embed(texts[:1])[0], atol=1e-6)
    assert np.allclose(together[1], embeddings.embed(texts[1:])[0], atol=1e-6)


def test_vectors_are_read_once_per_process_until_an_object_changes(
    settings, help_center, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.KB_SEARCH_SEMANTIC = True
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(help_center["account"], "Wrong password")
    model = type(article.specific)
    key = ("articles.ArticlePage", str(article.pk), "title")
    before = embeddings.stored_vectors({model: [article.pk]})[key]
    with django_assert_num_queries(0):  # this process's copy
        embeddings.stored_vectors({model: [article.pk]})

    # As another process would: the edit changes the shared version on commit.
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Dispute an incorrect bill"
        article.save_revision().publish()

    after = embeddings.stored_vectors({model: [article.pk]})[key]
    assert np.allclose(after, embeddings.embed(["Dispute an incorrect bill"])[0])
    assert not np.allclose(after, before)
