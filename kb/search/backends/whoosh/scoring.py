"""Every match of what visitors type, scored term by term with Whoosh's BM25F.

What visitors type is an OR of words, each looked for in every text column, and
sometimes a quoted word that must be there too (an AND of ORs). A
common question matches most of a large help center, and Whoosh scores every match
through a tree of matchers in Python (tens of microseconds per document). Here the
same score is computed a term at a time with numpy: each term's postings (decoded
once per generation) add Whoosh's BM25F term score, from the very formula and
statistics Whoosh uses, to a per-document array. Only the order in which a
document's term scores are added differs, which can change a score in its last bit.

Whoosh adds the scores of an AND's or an OR's parts for each document they match;
so do ANDs and ORs here. Anything else (phrases of several words, fuzzy terms, NOT,
other weightings) returns None and the caller asks Whoosh.
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
    weighting = generation.searcher.weighting
    if type(weighting) is not BM25F or weighting.use_final:
        return None
    return _scores(generation, q)


def _scores(generation, q):
    terms = flat_terms(q)
    if terms is not None:
        return _term_scores(generation, terms)
    if isinstance(q, type(wq.NullQuery)):
        return (
            np.zeros(generation.doc_count, dtype=bool),
            np.zeros(generation.doc_count),
        )
    kind = type(q)
    if kind not in (wq.And, wq.Or) or q.boost != 1.0 or getattr(q, "minmatch", 0):
        return None
    parts = [_scores(generation, sub) for sub in q.subqueries]
    if not parts or any(part is None for part in parts):
        return None
    matched, total = parts[0][0].copy(), parts[0][1].copy()
    for part_matched, part_total in parts[1:]:
        if kind is wq.And:
            matched &= part_matched
        else:
            matched |= part_matched
        total += part_total  # a part's total is 0 where it does not match
    return matched, total


def _term_scores(generation, terms):
    searcher = generation.searcher
    weighting = searcher.weighting
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
