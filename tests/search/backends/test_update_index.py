"""`manage.py update_index` on Whoosh: atomic swap, concurrent writes, progress."""

import multiprocessing
import os
import pty
import signal
import threading
from io import StringIO

import pytest
from django.core.management import call_command

from kb.articles.models import ArticlePage
from kb.search.backends.whoosh import WhooshRebuilder
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


def start_rebuild_and_die(backend, objects):
    rebuilder = WhooshRebuilder(backend.get_index_for_model(ArticlePage))
    rebuilder.start().add_items(ArticlePage, objects)
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_rebuild_leaves_the_old_index_answering(whoosh, articles):
    store = whoosh.get_index_for_model(ArticlePage).store
    objects = list(ArticlePage.get_indexed_objects())
    child = multiprocessing.get_context("fork").Process(
        target=start_rebuild_and_die, args=(whoosh, objects)
    )
    child.start()
    child.join(30)

    assert child.exitcode == -signal.SIGKILL
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
