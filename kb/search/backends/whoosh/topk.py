"""The first N hits of a plain OR of words, scored term by term.

What visitors type is an OR of words, each looked for in every text column: a
common question matches most of a large help center, and Whoosh then scores every
match through a tree of matchers in Python (tens of microseconds per document; its
block-skipping rarely applies to an OR of common words). Here the same BM25F score
is computed term at a time: each term's postings are read a block at a time, its
contribution added per document with the very formula and statistics Whoosh uses
(idf and average lengths from the top-level searcher, document lengths from the
index), then the top N taken. The ranking is Whoosh's own (score, then document
number); only the order in which a document's term scores are added differs, which
can change a score in its last bit.

Anything else (phrases, fuzzy terms, AND, NOT, other weightings, sorting) returns
None, and the caller asks Whoosh as before.
"""

import heapq
from array import array
from collections import OrderedDict

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher, NullMatcherClass
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

_LENGTHS_ATTRIBUTE = "_kb_field_lengths"
_SCORES_ATTRIBUTE = "_kb_scores"
SCORES_CACHE_SIZE = 2
_POSTINGS_ATTRIBUTE = "_kb_postings"
_POSTINGS_HELD_ATTRIBUTE = "_kb_postings_held"
POSTINGS_CACHE_SIZE = 1_000_000  # postings kept decoded per searcher (8 MB at most)
_NORMS_ATTRIBUTE = "_kb_length_norms"


def flat_terms(q):
    """[(field, text, boost)] when `q` is an OR (of ORs) of terms, else None."""
    if type(q) is wq.Term:
        if q.minquality:
            return None
        return [(q.fieldname, q.text, q.boost)]
    if type(q) is wq.Or and not q.minmatch and q.boost == 1.0:
        terms = []
        for sub in q.subqueries:
            found = flat_terms(sub)
            if found is None:
                return None
            terms += found
        return terms
    return None


def _field_lengths(searcher, fieldname):
    """Per-document lengths of `fieldname` in a leaf searcher (cached on it), as
    Whoosh's scorer reads them, or None when they can't be read this way."""
    cache = getattr(searcher, _LENGTHS_ATTRIBUTE, None)
    if cache is None:
        cache = {}
        setattr(searcher, _LENGTHS_ATTRIBUTE, cache)
    if fieldname in cache:
        return cache[fieldname]
    lengths = None
    perdoc = getattr(searcher.reader(), "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is not None:
        column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            lengths = [1] * searcher.doc_count_all()
        else:
            # A stored byte 0 never belongs to a document holding the term.
            lengths = [byte_to_length(b) if b else 1 for b in column.load()]
    cache[fieldname] = lengths
    return lengths


def _postings(matcher):
    """(ids, weights, excluded ids, scorer) of a term matcher, or None if it is not
    a plain one."""
    excluded = frozenset()
    if isinstance(matcher, FilterMatcher):
        if not matcher._exclude:
            return None
        excluded = matcher._ids
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher:
        return None
    # Compact arrays (4 bytes a posting each), as Whoosh's own blocks hold them.
    ids, weights = array("I"), array("f")
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        start, end = matcher._i, matcher._blocklength
        ids.extend(matcher._ids[start:end])
        weights.extend(matcher._weights[start:end])
        matcher._next_block()
    return ids, weights, excluded, matcher.scorer


def _searcher_cache(searcher, name):
    cache = getattr(searcher, name, None)
    if cache is None:
        cache = OrderedDict()
        setattr(searcher, name, cache)
    return cache


def _term_postings(searcher, context, fieldname, text):
    """`_postings` of one term in a leaf searcher, the most recent kept on it (a
    word people ask about is decoded once per index generation, not per search);
    () when the term is not in the index."""
    cache = _searcher_cache(searcher, _POSTINGS_ATTRIBUTE)
    key = (fieldname, text)
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
        return found
    m = wq.Term(fieldname, text).matcher(searcher, context)
    found = () if isinstance(m, NullMatcherClass) else _postings(m)
    if found is None:
        return None
    cache[key] = found
    held = getattr(searcher, _POSTINGS_HELD_ATTRIBUTE, 0)
    held += len(found[0]) if found else 0
    while held > POSTINGS_CACHE_SIZE and len(cache) > 1:
        _, dropped = cache.popitem(last=False)
        held -= len(dropped[0]) if dropped else 0
    setattr(searcher, _POSTINGS_HELD_ATTRIBUTE, held)
    return found


def _length_norms(searcher, fieldname, B, K1, avgfl):
    """Per document, `K1 * ((1 - B) + B * length / avgfl)`: the document-length part
    of whoosh.scoring.bm25, the same for every term of the field."""
    cache = _searcher_cache(searcher, _NORMS_ATTRIBUTE)
    key = (fieldname, B, K1, avgfl)
    norms = cache.get(key)
    if norms is None:
        lengths = _field_lengths(searcher, fieldname)
        if lengths is None:
            return None
        norms = cache[key] = [K1 * ((1 - B) + B * fl / avgfl) for fl in lengths]
    return norms


def _add_scores(scores, searcher, terms):
    """Add each term's BM25F score to `scores` {docnum: score}; False if unable."""
    context = searcher.context()
    for fieldname, text, boost in terms:
        found = _term_postings(searcher, context, fieldname, text)
        if found is None:
            return False
        if not found:
            continue
        ids, weights, excluded, scorer = found
        if type(scorer) is not BM25FScorer:
            return False
        idf, K1 = scorer.idf, scorer.K1
        norms = _length_norms(searcher, fieldname, scorer.B, K1, scorer.avgfl)
        if norms is None:
            return False
        k1_plus_1 = K1 + 1
        get = scores.get
        # whoosh.scoring.bm25 (idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B *
        # fl / avgfl)))), then the Term's boost, as Whoosh computes them.
        if boost == 1.0 and not excluded:
            for docnum, tf in zip(ids, weights, strict=True):
                scores[docnum] = get(docnum, 0.0) + idf * (
                    (tf * k1_plus_1) / (tf + norms[docnum])
                )
            continue
        for docnum, tf in zip(ids, weights, strict=True):
            if docnum in excluded:
                continue
            score = idf * ((tf * k1_plus_1) / (tf + norms[docnum]))
            if boost != 1.0:
                score = score * boost
            scores[docnum] = get(docnum, 0.0) + score
    return True


def scores(searcher, q):
    """{docnum: score} of every document matching `q`, or None when this query or
    index needs Whoosh's own search. The last few are kept on the searcher (which
    the store replaces when the index changes): a results page counts its hits and
    then fetches its first page, the same work twice otherwise.
    """
    terms = flat_terms(q)
    if terms is None or type(searcher.weighting) is not BM25F:
        return None
    if searcher.weighting.use_final:
        return None
    cache = getattr(searcher, _SCORES_ATTRIBUTE, None)
    if cache is None:
        cache = OrderedDict()
        setattr(searcher, _SCORES_ATTRIBUTE, cache)
    key = repr(q)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    found = {}
    for sub, offset in searcher.leaf_searchers():
        part = {}
        if not _add_scores(part, sub, terms):
            return None
        if offset:
            part = {docnum + offset: score for docnum, score in part.items()}
        found.update(part)
    cache[key] = found
    while len(cache) > SCORES_CACHE_SIZE:
        cache.popitem(last=False)
    return found


def count(searcher, q, allowed=None):
    """How many documents among `allowed` (None: all) match `q`; None as `scores`."""
    found = scores(searcher, q)
    if found is None:
        return None
    return len(found) if allowed is None else len(found.keys() & allowed)


def top_hits(searcher, q, limit, allowed=None):
    """[(docnum, score)] best first, at most `limit` (None: all), among `allowed`
    docnums (None: all); None when this query or index needs Whoosh's own search.
    Ties go to the lower document number, as in Whoosh."""
    found = scores(searcher, q)
    if found is None:
        return None
    items = found.items()
    if allowed is not None:
        items = [(d, s) for d, s in items if d in allowed]
    if limit is None:
        return sorted(items, key=lambda row: (-row[1], row[0]))
    return heapq.nsmallest(limit, items, key=lambda row: (-row[1], row[0]))
