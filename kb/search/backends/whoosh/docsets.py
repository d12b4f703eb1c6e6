"""Exact sets of matching documents, as boolean masks over an index generation.

Counting the hits of an OR query the way Whoosh does (walking every match through
its matcher tree in Python) costs microseconds per match and per term, and a common
question matches most of a large help center. Here each term's postings (decoded
once per generation) set a mask, and the query's structure is applied with array
operations. Queries this module does not know (phrases, ranges, fuzzy terms...)
ask Whoosh's own `Query.docs`, so every answer is exact.
"""

import numpy as np
from whoosh import query as wq


def mask(generation, q):
    """A mask of the live documents of `generation` that match `q`."""
    if isinstance(q, type(wq.NullQuery)):
        return np.zeros(generation.doc_count, dtype=bool)
    kind = type(q)
    if kind is wq.Every and q.fieldname in (None, "", "*"):
        return generation.live().copy()
    if kind is wq.Term:
        found = np.zeros(generation.doc_count, dtype=bool)
        found[generation.postings(q.fieldname, q.text)[0]] = True
        return found
    if kind is wq.ConstantScoreQuery:
        return mask(generation, q.child)
    if kind is wq.Or and not getattr(q, "minmatch", 0):
        found = np.zeros(generation.doc_count, dtype=bool)
        for sub in q.subqueries:
            found |= mask(generation, sub)
        return found
    if kind is wq.And:
        found = generation.live().copy()
        for sub in q.subqueries:
            found &= mask(generation, sub)
            if not found.any():
                break
        return found
    if kind is wq.Not:
        return generation.live() & ~mask(generation, q.query)
    found = np.zeros(generation.doc_count, dtype=bool)
    ids = np.fromiter(q.docs(generation.searcher), dtype=np.int64)
    found[ids] = True
    return found


def filter_mask(generation, q):
    """`mask(generation, q)` for a queryset's filter, kept for the generation.

    Shared between searches: callers must not change it.
    """
    found = generation.cached(("filter", repr(q)), lambda: mask(generation, q))
    found.flags.writeable = False
    return found


def filter_set(generation, q):
    """The filter's document numbers as a set, which Whoosh's own search takes."""
    return generation.cached(
        ("filter-set", repr(q)),
        lambda: set(np.flatnonzero(filter_mask(generation, q)).tolist()),
    )
