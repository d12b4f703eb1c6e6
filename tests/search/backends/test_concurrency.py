"""Several OS processes writing to one Whoosh index on disk at the same time."""

import multiprocessing
import time

import pytest
from modelsearch.query import MATCH_ALL

from kb.articles.models import ArticlePage
from tests.factories import make_article

from .conftest import BACKENDS, use_backend

pytestmark = pytest.mark.django_db

# fork: the children get the parent's loaded objects and settings, and never
# touch the test database (the objects' related rows are prefetched).
fork = multiprocessing.get_context("fork")


def indexed_titles(backend):
    return {page.title for page in backend.search(MATCH_ALL, ArticlePage)}


def write_one_by_one(backend, objects, start, failures):
    start.wait(10)
    try:
        index = backend.get_index_for_model(ArticlePage)
        for obj in objects:
            index.add_items(ArticlePage, [obj])  # one commit per object
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        failures.put(repr(error))
        raise


def test_processes_writing_at_once_lose_no_update_and_raise_nothing(whoosh, category):
    for number in range(16):
        make_article(category, f"Concurrent article {number}", live=False)
    whoosh.get_index_for_model(ArticlePage).reset()
    objects = list(ArticlePage.get_indexed_objects().order_by("pk"))
    assert indexed_titles(whoosh) == set()

    start, failures = fork.Event(), fork.Queue()
    workers = [
        fork.Process(
            target=write_one_by_one, args=(whoosh, objects[i::4], start, failures)
        )
        for i in range(4)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert failures.empty()
    assert indexed_titles(whoosh) == {f"Concurrent article {n}" for n in range(16)}
    assert whoosh.get_index_for_model(ArticlePage).store.backlog_size() == 0


def hold_the_lock(store, seconds, holding):
    with store.write_lock(10):
        holding.set()
        time.sleep(seconds)


def test_a_write_blocked_past_the_timeout_is_queued_and_applied_by_the_next_write(
    settings, tmp_path, category
):
    backend = use_backend(settings, BACKENDS["whoosh"], tmp_path, WRITE_TIMEOUT=0.3)
    make_article(category, "Existing article")
    index = backend.get_index_for_model(ArticlePage)
    holding = fork.Event()
    holder = fork.Process(target=hold_the_lock, args=(index.store, 3, holding))
    holder.start()
    assert holding.wait(10)

    started = time.monotonic()
    make_article(category, "Written while locked")
    took = time.monotonic() - started

    assert took < 2.5  # the editor's save did not wait for the other process
    assert "Written while locked" not in indexed_titles(backend)
    holder.join(10)

    make_article(category, "Written after")

    assert {"Written while locked", "Written after"} <= indexed_titles(backend)
    assert index.store.backlog_size() == 0
