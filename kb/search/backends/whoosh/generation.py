"""One index generation as a thread reads it: the searcher, and every value the
backend computes from it.

A Whoosh index changes by generations: each commit writes a new one, and a rebuild
swaps in a new folder. A `Generation` is opened for the current one and holds
everything derived from it (decoded postings, field lengths, filter sets, in one
cache with one memory budget). The next search after the index changed opens a
new `Generation` and drops the old one whole, so no cached value outlives the data
it was computed from.

Generations are per thread: Whoosh's readers are not shared between threads.
"""

import contextlib
import threading
from collections import OrderedDict

import numpy as np
from whoosh import index as whoosh_index

from . import internals, mapping, sidecar
from .store import IndexUnavailable

DEFAULT_BUDGET_MB = 64

_local = threading.local()


def _nbytes(value):
    if isinstance(value, np.ndarray):
        # A view of a file mapped from disk (sidecar) holds no memory of its own.
        return value.nbytes if value.flags.owndata else 0
    if isinstance(value, tuple):
        return sum(_nbytes(part) for part in value)
    if isinstance(value, (set, frozenset)):
        return 64 * len(value)  # a Python int and its hash-table slot, roughly
    return 64


class Memo:
    """Values by key, least recently used dropped first once their bytes pass the
    budget. A value larger than the whole budget is computed but not kept."""

    def __init__(self, budget_bytes):
        self.budget = budget_bytes
        self.items = OrderedDict()
        self.size = 0

    def get(self, key, compute):
        entry = self.items.get(key)
        if entry is not None:
            self.items.move_to_end(key)
            return entry[0]
        value = compute()
        size = _nbytes(value)
        if size <= self.budget:
            self.items[key] = (value, size)
            self.size += size
            while self.size > self.budget:
                _, (_, dropped) = self.items.popitem(last=False)
                self.size -= dropped
        return value


class Generation:
    def __init__(self, path, budget_bytes):
        self.path = path
        self.ix = whoosh_index.open_dir(str(path))
        # Read before the searcher opens: a commit in between makes the next search
        # open the index again, never keeps an old one. (An empty index's reader
        # has no generation of its own.)
        self.number = self.ix.latest_generation()
        self.searcher = self.ix.searcher()
        self.doc_count = self.searcher.doc_count_all()
        self.leaves = list(self.searcher.reader().leaf_readers())
        self.sidecars = [_sidecar_of(path, reader) for reader, _ in self.leaves]
        self.memo = Memo(budget_bytes)

    def is_current(self, path):
        try:
            return path == self.path and self.ix.latest_generation() == self.number
        except Exception:  # noqa: BLE001 - unreadable now: open it again
            return False

    def close(self):
        with contextlib.suppress(Exception):
            self.searcher.close()

    @property
    def schema(self):
        return self.searcher.schema

    def cached(self, key, compute):
        """`compute()`, kept for this generation within the memory budget."""
        return self.memo.get(key, compute)

    def stored_id(self, docnum):
        """The object id stored with a document (reading a document's stored
        fields takes about 20 µs; a re-ranked search reads 100)."""
        return self.cached(
            ("id", docnum), lambda: self.searcher.stored_fields(docnum)[mapping.ID]
        )

    def live(self):
        """A mask of the documents not deleted."""
        return self.cached(("live",), self._live)

    def _live(self):
        mask = np.zeros(self.doc_count, dtype=bool)
        ids = np.fromiter(self.searcher.reader().all_doc_ids(), dtype=np.int64)
        mask[ids] = True
        return mask

    def postings(self, fieldname, text):
        """(document numbers, weights) of a term over the whole index, deleted
        documents left out; both empty when the term is not there."""
        if fieldname not in self.schema:
            return internals.NO_POSTINGS
        return self.cached(
            ("postings", fieldname, text), lambda: self._postings(fieldname, text)
        )

    def _postings(self, fieldname, text):
        parts = []
        for (reader, offset), mapped in zip(self.leaves, self.sidecars, strict=True):
            found = mapped.postings(fieldname, text) if mapped else None
            if found is None:
                found = internals.term_postings(reader, fieldname, text)
            ids, weights = found
            if len(ids):
                parts.append((ids + offset if offset else ids, weights))
        if not parts:
            return internals.NO_POSTINGS
        if len(parts) == 1:
            ids, weights = parts[0]  # a sidecar's arrays stay on disk, shared
        else:
            ids = np.concatenate([ids for ids, _ in parts])
            weights = np.concatenate([weights for _, weights in parts])
        kept = self.live()[ids]
        if not kept.all():
            ids, weights = ids[kept], weights[kept]
        return ids, weights

    def length_norms(self, fieldname, B, K1, avgfl):
        """Per document, `K1 * ((1 - B) + B * length / avgfl)`: the part of
        Whoosh's BM25 (whoosh.scoring.bm25) that depends on the document only."""

        def compute():
            lengths = np.concatenate(
                [internals.field_lengths(r, fieldname) for r, _ in self.leaves]
                or [np.zeros(0)]
            )
            return K1 * ((1 - B) + B * lengths / avgfl)

        return self.cached(("norms", fieldname, B, K1, avgfl), compute)


def _sidecar_of(path, reader):
    segment = reader.segment()  # None for an empty index
    return sidecar.open_sidecar(path, segment.segment_id()) if segment else None


def current(store, budget_bytes=DEFAULT_BUDGET_MB << 20):
    """The generation of `store`'s index this thread reads; a new one when the
    index changed since. Raises IndexUnavailable for a missing or broken index."""
    try:
        return _current(store, budget_bytes)
    except IndexUnavailable:
        # A rebuild may have swapped folders between our look and our open.
        return _current(store, budget_bytes)


def _current(store, budget_bytes):
    generations = _local.__dict__.setdefault("generations", {})
    key = str(store.link)
    path = store.current_dir()
    generation = generations.get(key)
    if generation is not None:
        if generation.is_current(path):
            return generation
        generation.close()
        del generations[key]
    if path is None:
        raise IndexUnavailable(f"no search index at {store.link}")
    try:
        generation = Generation(path, budget_bytes)
    except Exception as error:  # noqa: BLE001 - any unreadable index
        raise IndexUnavailable(
            f"search index at {store.link} is unreadable: {error}"
        ) from error
    generations[key] = generation
    return generation


def forget(store):
    """Drop this thread's generation of `store` (after a read failed on it)."""
    generation = _local.__dict__.get("generations", {}).pop(str(store.link), None)
    if generation is not None:
        generation.close()
