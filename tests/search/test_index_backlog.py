"""Changes the index could not take at once reach it through the worker, as soon
as the index takes writes again: none waits for a full rebuild."""

import contextlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F

from kb.articles.models import ArticlePage
from kb.search.models import PendingIndexUpdate
from kb.search.selectors import site_search
from kb.worker.models import PeriodicRun
from tests.factories import make_article

# The worker closes connections it finds inside a transaction: commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

MINUTE = timedelta(minutes=1)


@pytest.fixture
def worker_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """The worker's run a minute after its last one: every periodic job is due."""
    PeriodicRun.objects.update(last_enqueued_at=F("last_enqueued_at") - MINUTE)
    call_command("kb_worker", "--batch")


def titles(query):
    return [hit.title for hit in site_search(query=query).hits]


@contextlib.contextmanager
def unwritable(store):
    """The index folder as if read-only. Root ignores file modes: the writers'
    lock and the queue become folders, which no one can open as files."""
    for path in (store.lock_path, store.backlog_path):
        path.unlink(missing_ok=True)
        path.mkdir()
    yield
    for path in (store.lock_path, store.backlog_path):
        path.rmdir()


def index_store():
    from wagtail.search.backends import get_search_backend

    return get_search_backend().get_index_for_model(ArticlePage).store


def test_an_article_published_while_the_index_folder_is_unwritable_is_found_later(
    search_backend, articles, worker_queue, caplog
):
    with unwritable(index_store()):
        make_article(articles["billing"], "Refund a card payment")

        assert titles("refund") == []
        assert PendingIndexUpdate.objects.count() == 1
        assert "kept for later" in caplog.text

        run_worker()  # still unwritable: kept, not lost
        assert PendingIndexUpdate.objects.count() == 1

    run_worker()

    assert titles("refund") == ["Refund a card payment"]
    assert PendingIndexUpdate.objects.count() == 0


def test_an_article_edited_while_the_index_is_busy_is_found_by_its_new_title_later(
    search_backend, articles, worker_queue, settings
):
    settings.WAGTAILSEARCH_BACKENDS["default"]["WRITE_TIMEOUT"] = 0.05
    store = index_store()
    article = articles["password"]

    with store.write_lock(0):  # another process's long write
        article.title = "Recover your password"
        article.save_revision().publish()
        assert store.backlog_size()  # queued, not lost
    # Nothing else writes to the index: only the worker applies the queue.
    assert titles("recover") == []

    run_worker()

    assert titles("recover") == ["Recover your password"]
    assert store.backlog_size() == 0


def test_an_article_deleted_while_the_index_folder_is_unwritable_leaves_the_index_later(
    search_backend, articles, worker_queue
):
    from wagtail.search.backends import get_search_backend

    def indexed(text):
        return get_search_backend().search(text, ArticlePage).count()

    with unwritable(index_store()):
        articles["password"].delete()
        assert indexed("password") == 1  # the index can't change

    run_worker()

    assert indexed("password") == 0
    assert PendingIndexUpdate.objects.count() == 0
