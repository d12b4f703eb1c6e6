"""Exact sets of matching document numbers, computed with set operations.

Counting the hits of an OR query the way Whoosh does (walking every match through
its matcher tree in Python) costs a few microseconds per match and per term: a
common question matches most of a large help center. Here each term's postings are
read a block at a time (about 128 document numbers per step) and the query's
structure is applied with Python's set union and intersection. Queries this module
does not know (phrases, ranges, fuzzy terms...) fall back to Whoosh's own
`Query.docs`, so every answer is exact.

Filter sets (what a kind's queryset lets through) are cached on the searcher, which
the store replaces whenever the index changes, so a cached set never outlives the
generation it was computed for.
"""

from collections import OrderedDict

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher, NullMatcherClass

FILTER_CACHE_SIZE = 16
_CACHE_ATTRIBUTE = "_kb_filter_docsets"


def _leaf_ids(matcher):
    """Document numbers of a term matcher, a block at a time when possible."""
    if isinstance(matcher, NullMatcherClass):
        return set()
    if isinstance(matcher, FilterMatcher):
        ids = _leaf_ids(matcher.child)
        return ids - matcher._ids if matcher._exclude else ids & matcher._ids
    if type(matcher) is W3LeafMatcher:
        ids = set()
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            ids.update(matcher._ids[matcher._i : matcher._blocklength])
            matcher._next_block()
        return ids
    return set(matcher.all_ids())


def _all_docs(searcher):
    reader = searcher.reader()
    return set(reader.all_doc_ids())


def _docs(searcher, q):
    """The set of document numbers of one leaf (atomic) searcher matching `q`."""
    if isinstance(q, type(wq.NullQuery)):
        return set()
    if type(q) is wq.Every and q.fieldname in (None, "", "*"):
        return _all_docs(searcher)
    if type(q) is wq.Term:
        return _leaf_ids(q.matcher(searcher, searcher.boolean_context()))
    if type(q) is wq.ConstantScoreQuery:
        return _docs(searcher, q.child)
    if type(q) is wq.Or and not getattr(q, "minmatch", 0):
        found = set()
        for sub in q.subqueries:
            found |= _docs(searcher, sub)
        return found
    if type(q) is wq.And:
        found = None
        # Cheapest first: an empty part ends the work early.
        for sub in q.subqueries:
            part = _docs(searcher, sub)
            found = part if found is None else found & part
            if not found:
                return set()
        return found if found is not None else set()
    if type(q) is wq.Not:
        return _all_docs(searcher) - _docs(searcher, q.query)
    return set(q.docs(searcher))


def docset(searcher, q):
    """Top-level document numbers matching `q`, exactly (deleted documents excluded)."""
    if searcher.is_atomic():
        return _docs(searcher, q)
    found = set()
    for sub, offset in searcher.leaf_searchers():
        found.update(docnum + offset for docnum in _docs(sub, q))
    return found


def filter_docset(searcher, q):
    """`docset(searcher, q)` for a queryset filter, cached for this searcher.

    Shared between searches: callers must not change the set.
    """
    cache = getattr(searcher, _CACHE_ATTRIBUTE, None)
    if cache is None:
        cache = OrderedDict()
        setattr(searcher, _CACHE_ATTRIBUTE, cache)
    key = repr(q)
    found = cache.get(key)
    if found is None:
        found = docset(searcher, q)
        cache[key] = found
        while len(cache) > FILTER_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return found
