"""Long postings lists of a segment as plain arrays, in files beside the segment.

Decoding a long postings list from Whoosh's blocks (unpickling each block, its
word positions included) takes about a microsecond per posting: 100 ms for a word
in most of 100,000 articles, paid again by every process after every change to
the index. When a rebuild writes a segment, it also writes that segment's long
lists (at least MIN_POSTINGS documents) as arrays of document numbers and weights,
which readers map from disk instead: no decoding, and the operating system's page
cache shares them between processes.

A segment never changes once written (deletions are kept apart and applied by the
reader), so its arrays can't go stale. The files are named like the segment's own
(`<index>_<segment id>.kbp`, `.kbi`), so Whoosh removes them with the segment.
"""

import mmap
import os
import pickle

import numpy as np

MIN_POSTINGS = 512
DATA_EXT = "kbp"
INDEX_EXT = "kbi"


def _paths(folder, segment_id):
    base = os.path.join(str(folder), segment_id)
    return f"{base}.{DATA_EXT}", f"{base}.{INDEX_EXT}"


def write(folder, segment_id, postings):
    """Write the long lists of `postings`, an iterable of (field name, term text,
    document numbers, weights), for the segment `segment_id` in `folder`."""
    data_path, index_path = _paths(folder, segment_id)
    entries = {}
    offset = 0
    with open(data_path + ".part", "wb") as data:
        for fieldname, text, ids, weights in postings:
            if len(ids) < MIN_POSTINGS:
                continue
            ids = np.asarray(ids, dtype=np.uint32)
            weights = np.asarray(weights, dtype=np.float32)
            data.write(ids.tobytes())
            data.write(weights.tobytes())
            entries[(fieldname, text)] = (offset, len(ids))
            offset += 8 * len(ids)
    with open(index_path + ".part", "wb") as index:
        pickle.dump(entries, index, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(data_path + ".part", data_path)
    os.replace(index_path + ".part", index_path)


class Sidecar:
    """The long lists of one segment, mapped from its files."""

    def __init__(self, folder, segment_id):
        data_path, index_path = _paths(folder, segment_id)
        with open(index_path, "rb") as index:
            self.entries = pickle.load(index)  # our own file, written above
        with open(data_path, "rb") as data:
            size = os.fstat(data.fileno()).st_size
            self.data = (
                mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )

    def postings(self, fieldname, text):
        """(document numbers, weights) views, or None when the list isn't here."""
        entry = self.entries.get((fieldname, text))
        if entry is None:
            return None
        offset, count = entry
        ids = np.frombuffer(self.data, dtype=np.uint32, count=count, offset=offset)
        weights = np.frombuffer(
            self.data, dtype=np.float32, count=count, offset=offset + 4 * count
        )
        return ids, weights


def open_sidecar(folder, segment_id):
    """The segment's sidecar, or None when it has none (written by a commit)."""
    try:
        return Sidecar(folder, segment_id)
    except FileNotFoundError:
        return None
