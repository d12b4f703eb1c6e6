"""Every use of Whoosh-Reloaded's private internals, in one module.

Whoosh's public API reads postings and field lengths one document at a time in
Python; the backend reads them a block (postings) or a column (lengths) at a time,
which needs attributes outside that API. Each function here has a public-API
equivalent (`*_public`) it must agree with: tests/search/backends/
test_whoosh_internals.py compares the two on a real index and checks that the
private names still exist, so a Whoosh-Reloaded release that changes them fails
loudly there instead of giving wrong results.
"""

from array import array

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.matching import FilterMatcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length

# The private names the fast paths rely on, checked by the tests.
PRIVATE_NAMES = {
    W3LeafMatcher: (
        "_ids",
        "_weights",
        "_i",
        "_blocklength",
        "_read_ids",
        "_read_weights",
        "_next_block",
    ),
    SegmentReader: ("_perdoc",),
    W3PerDocReader: ("_cached_reader",),
    W3FieldWriter: ("_postwriter",),
    W3PostingsWriter: (
        "_blocklimit",
        "_write_block",
        "_ids",
        "_weights",
        "_values",
        "_maxweight",
        "_minlength",
        "_maxlength",
    ),
}

NO_POSTINGS = (np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32))


def _matcher(reader, fieldname, text):
    """The term's raw matcher in a segment reader (deleted documents included),
    or None when the term is not there."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None
    if isinstance(matcher, FilterMatcher):  # the segment's deleted documents
        matcher = matcher.child
    return matcher


def term_postings(reader, fieldname, text):
    """(document numbers int32, weights float32) of a term in one segment reader,
    deleted documents included, in document order."""
    matcher = _matcher(reader, fieldname, text)
    if matcher is None:
        return NO_POSTINGS
    if type(matcher) is not W3LeafMatcher:
        return _postings_of(matcher)
    ids, weights = [], []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        start, end = matcher._i, matcher._blocklength
        ids.append(np.asarray(matcher._ids[start:end], dtype=np.int32))
        weights.append(np.asarray(matcher._weights[start:end], dtype=np.float32))
        matcher._next_block()
    if not ids:
        return NO_POSTINGS
    return np.concatenate(ids), np.concatenate(weights)


def term_postings_public(reader, fieldname, text):
    """`term_postings` through the public matcher API, one posting at a time."""
    matcher = _matcher(reader, fieldname, text)
    if matcher is None:
        return NO_POSTINGS
    return _postings_of(matcher)


def _postings_of(matcher):
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


def field_lengths(reader, fieldname):
    """Each document's length of `fieldname` in one segment reader, as Whoosh's
    scorer reads it (lengths are stored in one byte), as float64."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return field_lengths_public(reader, fieldname)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    count = reader.doc_count_all()
    if column is None:
        return np.zeros(count)
    stored = np.frombuffer(bytes(column.load()), dtype=np.uint8)[:count]
    decoded = np.array([byte_to_length(b) for b in range(256)], dtype=float)
    return decoded[stored]


def field_lengths_public(reader, fieldname):
    return np.array(
        [
            reader.doc_field_length(docnum, fieldname, 0)
            for docnum in range(reader.doc_count_all())
        ],
        dtype=float,
    )


def add_term_postings(fieldwriter, docs, weights, values, lengths):
    """Add all postings of the term `fieldwriter` is in (after `start_term`), a
    block at a time: what `add` for each posting writes, without its per-posting
    checks and bookkeeping."""
    postwriter = getattr(fieldwriter, "_postwriter", None)
    if type(postwriter) is not W3PostingsWriter or len(postwriter):
        return add_term_postings_public(fieldwriter, docs, weights, values, lengths)
    limit = postwriter._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            postwriter._write_block()  # the last block is the term's to finish
        end = start + limit
        block_weights = weights[start:end]
        present = [length for length in lengths[start:end] if length]
        heaviest = max(block_weights)
        postwriter._ids = array("I", docs[start:end])
        postwriter._weights = array("f", block_weights)
        postwriter._values = [value for value in values[start:end] if value]
        postwriter._maxweight = heaviest if heaviest > 0 else 0
        postwriter._minlength = min(present) if present else None
        postwriter._maxlength = max(present) if present else 0


def add_term_postings_public(fieldwriter, docs, weights, values, lengths):
    for posting in zip(docs, weights, values, lengths, strict=True):
        fieldwriter.add(*posting)
