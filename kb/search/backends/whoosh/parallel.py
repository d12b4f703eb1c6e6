"""A rebuild's segments, written by worker processes.

`ParallelBuild` takes documents in the order they are to be numbered and cuts
them into segments of consecutive documents; each segment goes to a worker
process (forked), which analyzes its documents as they arrive and writes the
segment once it is complete (`bulk.SegmentBuilder`). The parent then writes the
index's table of contents listing the segments in order, so every document has
the number a single writer would have given it. A build smaller than its first
segment runs in the calling process.

Memory is bounded by the segment size: a worker holds one segment's postings,
and the parent queues at most two unfinished segments per worker (pickled).
"""

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import traceback

from whoosh.index import TOC, clean_files

from .bulk import Analyses, SegmentBuilder

# Documents per segment: small first ones get every worker busy early, then a
# fixed size bounds memory (100,000 documents make 15 segments).
SEGMENT_SIZES = (1024, 2048, 4096, 8192)
MAX_WORKERS = 4  # each holds a segment's postings: a few hundred MB
POLL_SECONDS = 1.0


class BuildFailed(Exception):
    """A worker process failed or died; the message says how."""


def segment_size(sizes, number):
    return sizes[min(number, len(sizes) - 1)]


class ParallelBuild:
    """Documents in, the index's segments out (`finish` writes its TOC)."""

    def __init__(self, ix, *, workers=None, sizes=None, close_fds=()):
        self.ix = ix
        self.worker_count = workers or min(len(os.sched_getaffinity(0)), MAX_WORKERS)
        self.sizes = sizes or SEGMENT_SIZES
        self.close_fds = tuple(close_fds)  # the parent's locks, not the workers'
        self.pending = []  # documents of the current segment not sent yet
        self.number = 0  # the segment being filled
        self.filled = 0  # documents in it so far
        self.deleted = []  # (segment number, document number)
        self.segments = {}
        self.workers = []  # (process, inbox)
        self.unfinished = {}  # segment number -> worker
        self.results = None

    def add(self, doc):
        """Queue a document; returns its (segment, document number) place."""
        place = (self.number, self.filled)
        self.pending.append(doc)
        self.filled += 1
        if self.filled == segment_size(self.sizes, self.number):
            self._send(end=True)
        return place

    def flush(self):
        """Hand the documents queued so far to their worker (if workers run)."""
        if self.workers and self.pending:
            self._send(end=False)

    def delete(self, place):
        self.deleted.append(place)

    def finish(self):
        """Wait for every segment, list them in a new TOC; returns the segments."""
        if not self.workers:
            if self.pending:
                builder = SegmentBuilder(
                    self.ix.storage, self.ix.indexname, self.ix.schema
                )
                for doc in self.pending:
                    builder.add(doc)
                self.segments[0] = builder.finish()
        else:
            if self.filled:
                self._send(end=True)
            for _, inbox in self.workers:
                inbox.put(None)
            while self.unfinished:
                self._collect()
            self.stop(wait=True)
        segments = [self.segments[n] for n in sorted(self.segments)]
        for number, docnum in self.deleted:
            segments[number].delete_document(docnum)
        generation = self.ix.latest_generation() + 1
        TOC(self.ix.schema, segments, generation).write(
            self.ix.storage, self.ix.indexname
        )
        clean_files(self.ix.storage, self.ix.indexname, generation, segments)
        with contextlib.suppress(OSError):
            self.ix.storage.temp_storage(f"{self.ix.indexname}.tmp").destroy()
        return segments

    def stop(self, wait=False):
        """End the workers: after their last segment (`wait`), or at once."""
        for process, inbox in self.workers:
            if wait:
                process.join(POLL_SECONDS * 10)
            if process.is_alive():
                process.terminate()
                process.join(POLL_SECONDS * 10)
            inbox.close()
            inbox.cancel_join_thread()
        if self.results is not None:
            self.results.close()
            self.results = None
        self.workers = []

    # Parent side

    def _send(self, *, end):
        if not self.workers:
            if not end:
                return
            self._start_workers()
        worker = self.number % len(self.workers)
        if self.number not in self.unfinished:
            # At most two unfinished segments per worker: this bounds what waits.
            while list(self.unfinished.values()).count(worker) >= 2:
                self._collect()
            self.unfinished[self.number] = worker
        inbox = self.workers[worker][1]
        # Pickled now, as the queue would later: what waits takes half the memory.
        inbox.put(pickle.dumps((self.number, self.pending, end), protocol=5))
        self.pending = []
        if end:
            self.number += 1
            self.filled = 0

    def _start_workers(self):
        context = multiprocessing.get_context("fork")
        self.results = context.Queue()
        for _ in range(self.worker_count):
            inbox = context.Queue()
            process = context.Process(
                target=work,
                args=(self.ix, inbox, self.results, self.close_fds),
                daemon=True,
            )
            process.start()
            self.workers.append((process, inbox))

    def _collect(self):
        """Wait for one worker's report."""
        while True:
            try:
                number, segment, error = self.results.get(timeout=POLL_SECONDS)
                break
            except queue.Empty:
                for worker in set(self.unfinished.values()):
                    process = self.workers[worker][0]
                    if not process.is_alive():
                        self.stop()
                        raise BuildFailed(
                            f"an index worker exited with code {process.exitcode}"
                        ) from None
        if error is not None:
            self.stop()
            raise BuildFailed(f"an index worker failed:\n{error}")
        self.segments[number] = segment
        del self.unfinished[number]


def work(ix, inbox, results, close_fds):
    """A worker process: build the segments whose documents arrive in `inbox`."""
    for fd in close_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
    gc.freeze()  # the inherited objects are never garbage: don't scan them
    parent = multiprocessing.parent_process()
    analyses = Analyses(ix.schema)
    builder = None
    number = None
    try:
        while True:
            try:
                message = inbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                message = ()
            if not parent.is_alive():
                return  # the rebuild was killed: leave its folder as it is
            if message == ():
                continue
            if message is None:
                return
            number, docs, end = pickle.loads(message)
            if builder is None:
                builder = SegmentBuilder(ix.storage, ix.indexname, ix.schema, analyses)
            for doc in docs:
                builder.add(doc)
            if end:
                segment = builder.finish()
                builder = None
                results.put((number, segment, None))
    except BaseException:  # noqa: BLE001 - reported to the parent
        results.put((number, None, traceback.format_exc()))
