"""The site's default cache: Django's file cache under var/, shared by every
process of one machine, with `add` and `incr` made atomic.

Rate limits (django-ratelimit counts with `add`, then `incr`) and the search
log's "one search per visitor" (`add`) must hold across gunicorn workers; Django's
file cache reads, then writes, so two workers could both pass. Here both hold a
lock (one of a few lock files, chosen by the key) around the read and the write.
Sites on several machines use Redis instead (see the README).
"""

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction

LOCK_FILES = 64


class FileCache(FileBasedCache):
    @contextmanager
    def _locked(self, key, version):
        digest = hashlib.sha256(self._key_to_file(key, version).encode()).digest()
        self._createdir()
        lock_path = os.path.join(self._dir, f"lock-{digest[0] % LOCK_FILES:02d}")
        with open(lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked(key, version):
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked(key, version):
            return super().incr(key, delta, version)


# Versions in the shared cache: how a process learns that a copy it keeps of some
# rows is out of date (the rows' writer changes the version).


def shared_version(key: str) -> int:
    """The current value of the version `key`. Where the cache lost it (evicted,
    restarted), a new value no earlier copy was taken under."""
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def change_shared_version(key: str) -> None:
    if cache.add(key, time.time_ns(), timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:  # lost between the two calls
        cache.set(key, time.time_ns(), timeout=None)


class KeptCopy:
    """What `compute()` reads from the database, kept by each process until its
    writer calls `changed()`: then every process computes it again.

    `changed()` changes the shared version at once and again when the transaction
    commits: a process that computed in between read the rows as they were before,
    and the second change makes it read them again. Inside a transaction the value
    is computed, not kept: what a transaction reads may be rolled back, and nothing
    would say so.
    """

    instances: list["KeptCopy"] = []

    def __init__(self, key: str, compute):
        self.key = key
        self.compute = compute
        self._kept = None  # (version, value)
        KeptCopy.instances.append(self)

    def get(self):
        if transaction.get_connection().in_atomic_block:
            return self.compute()
        version = shared_version(self.key)
        kept = self._kept
        if kept is not None and kept[0] == version:
            return kept[1]
        value = self.compute()
        self._kept = (version, value)
        return value

    def forget(self) -> None:
        """Drop this process's copy (a test that emptied the tables without signals)."""
        self._kept = None

    def changed(self, **signal_arguments) -> None:
        change_shared_version(self.key)
        transaction.on_commit(lambda: change_shared_version(self.key))
