"""The first N hits of a plain OR of words, scored term by term.

What visitors type is an OR of words, each looked for in every text column: a
common question matches most of a large help center, and Whoosh then scores every
match through a tree of matchers in Python (tens of microseconds per document; its
block-skipping rarely applies to an OR of common words). Here the same BM25F score
is computed term at a time with numpy: each term's postings are read a block at a
time (and kept), its contribution added to a per-document array with the very
formula and statistics Whoosh uses (idf and average lengths from the top-level
searcher, document lengths from the index), then the top N taken. The ranking is Whoosh's own (score, then document
number); only the order in which a document's term scores are added differs, which
can change a score in its last bit.

Anything else (phrases, fuzzy terms, AND, NOT, other weightings, sorting) returns
None, and the caller asks Whoosh as before.
"""

from array import array
from collections import OrderedDict

import numpy as np
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
POSTINGS_CACHE_SIZE = 1_000_000  # postings kept decoded per searcher (12 MB at most)
_NORMS_ATTRIBUTE = "_kb_length_norms"
_ALLOWED_ATTRIBUTE = "_kb_allowed_masks"


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
            lengths = np.ones(searcher.doc_count_all())
        else:
            # A stored byte 0 never belongs to a document holding the term.
            lengths = np.array(
                [byte_to_length(b) if b else 1 for b in column.load()], dtype=float
            )
    cache[fieldname] = lengths
    return lengths


def _postings(matcher):
    """(document numbers, weights, scorer) of a term matcher, deleted documents
    left out, or None if it is not a plain one."""
    excluded = None
    if isinstance(matcher, FilterMatcher):
        if not matcher._exclude:
            return None
        excluded = matcher._ids
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher:
        return None
    # Read a block at a time, as Whoosh's own blocks hold them.
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
    ids = np.frombuffer(ids, dtype=np.uint32).astype(np.intp)
    # Whoosh scores with the weights as Python floats: doubles.
    weights = np.frombuffer(weights, dtype=np.float32).astype(float)
    if excluded:
        kept = ~np.isin(ids, np.fromiter(excluded, dtype=np.intp))
        ids, weights = ids[kept], weights[kept]
    return ids, weights, matcher.scorer


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
        norms = cache[key] = K1 * ((1 - B) + B * lengths / avgfl)
    return norms


def _leaf_scores(searcher, terms):
    """(document numbers, scores) of the documents of a leaf searcher matching any
    of `terms`, each term's BM25F score added; None if unable."""
    context = searcher.context()
    total = np.zeros(searcher.doc_count_all())
    matched = np.zeros(searcher.doc_count_all(), dtype=bool)
    for fieldname, text, boost in terms:
        found = _term_postings(searcher, context, fieldname, text)
        if found is None:
            return None
        if not found:
            continue
        ids, weights, scorer = found
        if type(scorer) is not BM25FScorer:
            return None
        norms = _length_norms(searcher, fieldname, scorer.B, scorer.K1, scorer.avgfl)
        if norms is None:
            return None
        # whoosh.scoring.bm25 (idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B *
        # fl / avgfl)))), then the Term's boost, as Whoosh computes them; a term's
        # postings hold each document once.
        score = scorer.idf * ((weights * (scorer.K1 + 1)) / (weights + norms[ids]))
        if boost != 1.0:
            score = score * boost
        total[ids] += score
        matched[ids] = True
    docnums = np.flatnonzero(matched)
    return docnums, total[docnums]


def scores(searcher, q):
    """(document numbers, scores) of every document matching `q`, or None when this
    query or index needs Whoosh's own search. The last few are kept on the searcher
    (which the store replaces when the index changes): a results page counts its
    hits and then fetches its first page, the same work twice otherwise.
    """
    terms = flat_terms(q)
    if terms is None or type(searcher.weighting) is not BM25F:
        return None
    if searcher.weighting.use_final:
        return None
    cache = _searcher_cache(searcher, _SCORES_ATTRIBUTE)
    key = repr(q)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    docnums, values = [], []
    for sub, offset in searcher.leaf_searchers():
        part = _leaf_scores(sub, terms)
        if part is None:
            return None
        docnums.append(part[0] + offset)
        values.append(part[1])
    found = cache[key] = (np.concatenate(docnums), np.concatenate(values))
    while len(cache) > SCORES_CACHE_SIZE:
        cache.popitem(last=False)
    return found


def _allowed_mask(searcher, allowed):
    """`allowed` (a set of document numbers, cached by docsets per searcher) as a
    mask over the searcher's documents, kept beside it."""
    cache = _searcher_cache(searcher, _ALLOWED_ATTRIBUTE)
    key = id(allowed)
    entry = cache.get(key)
    if entry is None or entry[0] is not allowed:
        mask = np.zeros(searcher.doc_count_all(), dtype=bool)
        if allowed:
            mask[np.fromiter(allowed, dtype=np.intp, count=len(allowed))] = True
        entry = cache[key] = (allowed, mask)
        while len(cache) > 16:
            cache.popitem(last=False)
    return entry[1]


def _matching(searcher, q, allowed):
    found = scores(searcher, q)
    if found is None:
        return None
    docnums, values = found
    if allowed is not None:
        kept = _allowed_mask(searcher, allowed)[docnums]
        docnums, values = docnums[kept], values[kept]
    return docnums, values


def count(searcher, q, allowed=None):
    """How many documents among `allowed` (None: all) match `q`; None as `scores`."""
    found = _matching(searcher, q, allowed)
    return None if found is None else len(found[0])


def top_hits(searcher, q, limit, allowed=None):
    """[(docnum, score)] best first, at most `limit` (None: all), among `allowed`
    docnums (None: all); None when this query or index needs Whoosh's own search.
    Ties go to the lower document number, as in Whoosh."""
    found = _matching(searcher, q, allowed)
    if found is None:
        return None
    docnums, values = found
    if limit is not None and len(values) > limit:
        # Everything scoring at least the limit-th best score (ties included),
        # then the exact order among those.
        threshold = np.partition(values, len(values) - limit)[len(values) - limit]
        kept = values >= threshold
        docnums, values = docnums[kept], values[kept]
    order = np.lexsort((docnums, -values))
    if limit is not None:
        order = order[:limit]
    return [(int(docnums[i]), float(values[i])) for i in order]
