"""The default cache is one for every process of the site."""

import multiprocessing

import pytest
from django.core.cache import cache

# fork: the children get the parent's settings and cache object.
fork = multiprocessing.get_context("fork")


def _count(key, times, start):
    start.wait(10)
    for _ in range(times):
        cache.incr(key)


def _claim(key, claims, start):
    start.wait(10)
    claims.put(cache.add(key, "mine", 60))


def run_all(target, args, processes=6):
    start = fork.Event()
    workers = [
        fork.Process(target=target, args=(*args, start)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * processes


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_counts_from_several_processes_at_once_add_up():
    cache.set("hits", 0, 60)

    run_all(_count, ("hits", 200))

    assert cache.get("hits") == 6 * 200


def test_only_one_of_several_processes_adding_a_key_at_once_gets_it():
    claims = fork.Queue()

    run_all(_claim, ("first-search", claims))

    results = [claims.get(timeout=5) for _ in range(6)]
    assert sorted(results) == [False] * 5 + [True]
