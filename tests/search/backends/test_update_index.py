"""`manage.py update_index` on Whoosh: atomic swap, concurrent writes, progress."""

import multiprocessing
import os
import pty
import signal
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kb.articles.models import ArticlePage
from kb.search.backends.whoosh import WhooshRebuilder, parallel
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def titles(results):
    return [page.title for page in results]


def generations(store):
    return sorted(p for p in store.root.glob(f".{store.name}.*") if p.is_dir())


def test_update_index_swaps_in_a_fresh_index_with_everything_findable(whoosh, articles):
    store = whoosh.get_index_for_model(ArticlePage).store
    before = store.current_dir()
    out = StringIO()

    call_command("update_index", stdout=out)

    assert store.current_dir() != before and not before.exists()
    assert generations(store) == [store.current_dir()]
    assert titles(whoosh.search("password", ArticlePage.objects.live())) == [
        "Reset your password"
    ]
    assert "articles.ArticlePage 4 objects" in out.getvalue()
    assert "wagtailcore_page rebuilt with" in out.getvalue()


def test_search_answers_during_a_rebuild_and_writes_made_meanwhile_are_kept(
    whoosh, articles
):
    rebuilder = WhooshRebuilder(whoosh.get_index_for_model(ArticlePage))
    building = rebuilder.start()
    building.add_items(ArticlePage, list(ArticlePage.get_indexed_objects()))

    assert titles(whoosh.search("password", ArticlePage.objects.live())) == [
        "Reset your password"
    ]
    make_article(articles["billing"], "Refund a payment")
    assert titles(whoosh.search("refund", ArticlePage.objects.live())) == [
        "Refund a payment"
    ]

    rebuilder.finish()

    assert titles(whoosh.search("refund", ArticlePage.objects.live())) == [
        "Refund a payment"
    ]
    assert titles(whoosh.search("password", ArticlePage.objects.live())) == [
        "Reset your password"
    ]


def start_rebuild_and_die(backend, objects, workers):
    rebuilder = WhooshRebuilder(backend.get_index_for_model(ArticlePage))
    building = rebuilder.start()
    building.add_items(ArticlePage, objects)
    workers.send([process.pid for process, _ in building.build.workers])
    os.kill(os.getpid(), signal.SIGKILL)


def is_running(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in (b"Z", b"X")


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize("segment_sizes", [None, (1,)], ids=["alone", "workers"])
def test_a_killed_rebuild_leaves_the_old_index_answering(
    whoosh, articles, monkeypatch, segment_sizes
):
    if segment_sizes:  # a segment per object: worker processes are running
        monkeypatch.setattr(parallel, "SEGMENT_SIZES", segment_sizes)
    store = whoosh.get_index_for_model(ArticlePage).store
    objects = list(ArticlePage.get_indexed_objects())
    fork = multiprocessing.get_context("fork")
    workers, sent = fork.Pipe(duplex=False)
    child = fork.Process(target=start_rebuild_and_die, args=(whoosh, objects, sent))
    child.start()
    child.join(30)
    worker_pids = workers.recv() if workers.poll(10) else None

    assert child.exitcode == -signal.SIGKILL
    assert bool(worker_pids) == bool(segment_sizes)
    assert wait_until(lambda: not any(is_running(pid) for pid in worker_pids))
    assert len(generations(store)) == 2  # the old index and the abandoned one
    assert not store.rebuild_running()
    assert titles(whoosh.search("invoice", ArticlePage.objects.live()))[0] == (
        "Download an invoice"
    )

    call_command("update_index", stdout=StringIO())

    assert generations(store) == [store.current_dir()]
    assert titles(whoosh.search("invoice", ArticlePage.objects.live()))[0] == (
        "Download an invoice"
    )


def test_update_index_shows_a_progress_bar_on_a_terminal(whoosh, articles):
    controller, terminal = pty.openpty()
    chunks = []

    def read():
        while True:
            try:
                data = os.read(controller, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    with open(terminal, "w", closefd=True) as out:
        call_command("update_index", stdout=out)
    reader.join(5)
    os.close(controller)
    shown = b"".join(chunks).decode("utf-8", "replace")

    assert "articles.ArticlePage" in shown
    assert "100%" in shown and "4/4" in shown


@pytest.mark.parametrize("segment_sizes", [None, (2,)], ids=["alone", "workers"])
def test_an_object_indexed_twice_in_a_rebuild_is_found_once_as_last_indexed(
    whoosh, articles, monkeypatch, segment_sizes
):
    if segment_sizes:
        monkeypatch.setattr(parallel, "SEGMENT_SIZES", segment_sizes)
    objects = list(ArticlePage.get_indexed_objects().order_by("pk"))
    rebuilder = WhooshRebuilder(whoosh.get_index_for_model(ArticlePage))
    building = rebuilder.start()
    building.add_items(ArticlePage, objects)
    objects[0].title = "Renamed while rebuilding"
    building.add_items(ArticlePage, objects[:1])
    rebuilder.finish()

    found = whoosh.search("renamed", ArticlePage.objects.live())
    assert [page.pk for page in found] == [objects[0].pk]
    reader = whoosh.get_index_for_model(ArticlePage).generation().searcher.reader()
    assert reader.doc_count_all() == reader.doc_count() == len(objects)


def test_update_index_refuses_fewer_than_one_worker(whoosh):
    with pytest.raises(CommandError, match="--workers"):
        call_command("update_index", workers=0, stdout=StringIO())
