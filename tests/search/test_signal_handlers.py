"""Index updates wait for the transaction to commit and happen once per object."""

import pytest
from django.db import transaction

from kb.articles.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def found(backend, text):
    return [page.title for page in backend.search(text, ArticlePage.objects.live())]


class Rollback(Exception):
    pass


def test_an_article_published_in_a_rolled_back_transaction_is_never_found(
    search_backend, articles
):
    from wagtail.search.backends import get_search_backend

    with pytest.raises(Rollback), transaction.atomic():
        make_article(articles["billing"], "Refund a payment")
        raise Rollback

    backend = get_search_backend()
    assert found(backend, "refund") == []
    assert backend.search("refund", ArticlePage).count() == 0


def test_the_index_changes_when_the_transaction_commits_and_only_once(
    search_backend, articles
):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    index = backend.get_index_for_model(ArticlePage)
    before = index.generation().number

    with transaction.atomic():
        # Publishing saves the page three times (create, revision, publish).
        article = make_article(articles["billing"], "Refund a payment")
        article.title = "Refund a card payment"
        article.save_revision().publish()
        assert index.generation().number == before  # nothing written yet

    assert found(backend, "refund") == ["Refund a card payment"]
    assert index.generation().number == before + 1
