"""Long postings lists of a segment as plain arrays, in files beside the segment.

Decoding a long postings list from Whoosh's blocks (unpickling each block, its
word positions included) takes about a microsecond per posting: 100 ms for a word
in most of 100,000 articles, paid again by every process after every change to
the index. When a rebuild writes a segment, it also writes that segment's long
lists (at least MIN_POSTINGS documents) as arrays, which readers map from disk
instead: no decoding, and the operating system's page cache shares them between
processes. Document numbers are 4-byte integers, or a bitmap when the term is in
more than one document in 32; weights (term frequencies) take the smallest exact
type.

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
WEIGHT_TYPES = (np.uint8, np.uint16, np.float32)


def _paths(folder, segment_id):
    base = os.path.join(str(folder), segment_id)
    return f"{base}.{DATA_EXT}", f"{base}.{INDEX_EXT}"


def _encoded(ids, weights, doc_count):
    """(bytes of the document numbers, their kind, bytes of the weights, type)."""
    if len(ids) * 32 > doc_count:
        bits = np.zeros(doc_count, dtype=bool)
        bits[ids] = True
        id_bytes, id_kind = np.packbits(bits).tobytes(), "bits"
    else:
        id_bytes, id_kind = ids.astype(np.uint32).tobytes(), "u4"
    for kind in WEIGHT_TYPES:
        if kind is np.float32 or np.array_equal(weights.astype(kind), weights):
            return id_bytes, id_kind, weights.astype(kind).tobytes(), kind
    raise AssertionError("float32 holds any weight Whoosh stores")


def write(folder, segment_id, doc_count, postings):
    """Write the long lists of `postings`, an iterable of (field name, term text,
    document numbers, weights), for the segment `segment_id` of `doc_count`
    documents, in `folder`."""
    data_path, index_path = _paths(folder, segment_id)
    entries = {}
    offset = 0
    with open(data_path + ".part", "wb") as data:
        for fieldname, text, ids, weights in postings:
            if len(ids) < MIN_POSTINGS:
                continue
            ids, weights = np.asarray(ids), np.asarray(weights, dtype=np.float32)
            id_bytes, id_kind, weight_bytes, weight_type = _encoded(
                ids, weights, doc_count
            )
            data.write(id_bytes)
            data.write(weight_bytes)
            entries[(fieldname, text)] = (
                offset,
                len(ids),
                id_kind,
                len(id_bytes),
                np.dtype(weight_type).str,
            )
            offset += len(id_bytes) + len(weight_bytes)
    with open(index_path + ".part", "wb") as index:
        pickle.dump(
            {"doc_count": doc_count, "entries": entries},
            index,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    os.replace(data_path + ".part", data_path)
    os.replace(index_path + ".part", index_path)


class Sidecar:
    """The long lists of one segment, mapped from its files."""

    def __init__(self, folder, segment_id):
        data_path, index_path = _paths(folder, segment_id)
        with open(index_path, "rb") as index:
            stored = pickle.load(index)  # our own file, written above
        self.doc_count = stored["doc_count"]
        self.entries = stored["entries"]
        with open(data_path, "rb") as data:
            size = os.fstat(data.fileno()).st_size
            self.data = (
                mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )

    def postings(self, fieldname, text):
        """(document numbers, weights), or None when the list isn't here."""
        entry = self.entries.get((fieldname, text))
        if entry is None:
            return None
        offset, count, id_kind, id_size, weight_type = entry
        if id_kind == "bits":
            bits = np.frombuffer(
                self.data, dtype=np.uint8, count=id_size, offset=offset
            )
            ids = np.flatnonzero(np.unpackbits(bits, count=self.doc_count))
            ids = ids.astype(np.uint32)
        else:
            ids = np.frombuffer(self.data, dtype=np.uint32, count=count, offset=offset)
        weights = np.frombuffer(
            self.data, dtype=weight_type, count=count, offset=offset + id_size
        )
        return ids, weights.astype(np.float32, copy=False)


def open_sidecar(folder, segment_id):
    """The segment's sidecar, or None when it has none (written by a commit)."""
    try:
        return Sidecar(folder, segment_id)
    except FileNotFoundError:
        return None
