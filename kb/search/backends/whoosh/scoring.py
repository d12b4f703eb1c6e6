"""Every match of a plain OR of words, scored term by term with Whoosh's BM25F.

What visitors type is an OR of words, each looked for in every text column. A
common question matches most of a large help center, and Whoosh scores every match
through a tree of matchers in Python (tens of microseconds per document). Here the
same score is computed a term at a time with numpy: each term's postings (decoded
once per generation) add Whoosh's BM25F term score, from the very formula and
statistics Whoosh uses, to a per-document array. Only the order in which a
document's term scores are added differs, which can change a score in its last bit.

Anything else (phrases, fuzzy terms, AND, NOT, other weightings) returns None and
the caller asks Whoosh.
"""

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F, BM25FScorer


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


def scores(generation, q):
    """(matched mask, score per document) for `q`, or None when it needs Whoosh."""
    terms = flat_terms(q)
    searcher = generation.searcher
    weighting = searcher.weighting
    if terms is None or type(weighting) is not BM25F or weighting.use_final:
        return None
    total = np.zeros(generation.doc_count)
    matched = np.zeros(generation.doc_count, dtype=bool)
    for fieldname, text, boost in terms:
        ids, weights = generation.postings(fieldname, text)
        if not len(ids):
            continue
        scorer = weighting.scorer(searcher, fieldname, text)
        if type(scorer) is not BM25FScorer:
            return None
        norms = generation.length_norms(fieldname, scorer.B, scorer.K1, scorer.avgfl)
        # Whoosh scores with the float32 weights as Python floats (doubles):
        # bm25 = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))),
        # times the Term's boost. A term's postings hold each document once.
        tf = weights.astype(float)
        score = scorer.idf * ((tf * (scorer.K1 + 1)) / (tf + norms[ids]))
        if boost != 1.0:
            score *= boost
        total[ids] += score
        matched[ids] = True
    return matched, total


def ranked(docnums, values, limit):
    """Positions of the best `limit` (None: all) of `values`, best first; ties go
    to the lower document number, as in Whoosh."""
    if limit is not None and len(values) > limit:
        # Everything scoring at least the limit-th best score (ties included),
        # then the exact order among those.
        threshold = np.partition(values, len(values) - limit)[len(values) - limit]
        candidates = np.flatnonzero(values >= threshold)
    else:
        candidates = np.arange(len(values))
    order = candidates[np.lexsort((docnums[candidates], -values[candidates]))]
    return order if limit is None else order[:limit]
