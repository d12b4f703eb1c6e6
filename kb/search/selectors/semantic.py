"""Re-ranking by meaning: the first candidates of the word ranking, re-ordered by how
close each one is to the query in a small embedding model's space.

The word ranking (BM25F) finds what shares the query's words; it cannot tell that
"my bill is wrong" asks about a disputed invoice. The first RERANK_DEPTH hits are
re-ordered by a blend of their word score and the closeness of their title and text
to the query, with the vectors computed when they were indexed (kb.search.embeddings). Optional (the `semantic` extra) and off unless
settings.KB_SEARCH_SEMANTIC; docs/benchmarks.md says what it buys and costs.
"""

import logging
from collections.abc import Callable

import numpy as np

from .. import embeddings

logger = logging.getLogger(__name__)

# The constants below were tuned together on StackFAQ's dev half only
# (docs/benchmarks.md); nearby values score within 0.01. 100 candidates would score
# 0.01 higher on qa_pairs but cost twice the time, most of it loading the objects.
RERANK_DEPTH = 50
# The blend: 0.8 closeness in meaning, 0.2 word score, each scaled to 0..1 over the
# re-ranked hits. Words still choose the candidates.
MEANING_WEIGHT = 0.8
# Closeness is mostly the title's (a help title says what is asked, as a query
# does); the title with the start of the text adds what the title leaves out.
TITLE_WEIGHT = 0.7


def reranks_page(offset: int) -> bool:
    """Whether the page starting at `offset` shows re-ranked hits."""
    return embeddings.enabled() and offset < RERANK_DEPTH


def candidates_to_fetch(*, offset: int, limit: int) -> int:
    """How many hits of each kind a page needs: a re-ranked page needs the first
    RERANK_DEPTH of every kind, whichever of them the blend moves up."""
    if reranks_page(offset):
        return max(offset + limit, RERANK_DEPTH)
    return offset + limit


def rerank(query: str, ranked: list, *, score_of: Callable, object_of: Callable):
    """`ranked` (best first) with its first RERANK_DEPTH items re-ordered by a blend
    of their word score (`score_of(item)`) and the closeness in meaning of their
    object (`object_of(item)`) to `query`; the items past them keep their order."""
    head, tail = ranked[:RERANK_DEPTH], ranked[RERANK_DEPTH:]
    if len(head) < 2:
        return ranked
    try:
        meaning = _closeness(query, [object_of(item) for item in head])
    except Exception:  # the word ranking is never worth losing to the model
        logger.exception("Semantic re-ranking failed")
        return ranked
    words = np.array([score_of(item) for item in head], dtype=np.float32)
    blended = (1 - MEANING_WEIGHT) * _scaled(words) + MEANING_WEIGHT * _scaled(meaning)
    # A stable sort: equal blends keep the word ranking's order.
    order = np.argsort(-blended, kind="stable")
    return [head[i] for i in order] + tail


def _closeness(query: str, objects: list) -> np.ndarray:
    """Cosine of each object's title and text vectors with the query's, blended."""
    titles, texts = zip(*(embeddings.texts_of(obj) for obj in objects), strict=True)
    query_vector = embeddings.embed([query])[0]
    title_closeness = embeddings.vectors(list(titles)) @ query_vector
    text_closeness = embeddings.vectors(list(texts)) @ query_vector
    # A text without a known word has no vector (a mean of nothing): no closeness.
    return np.nan_to_num(
        TITLE_WEIGHT * title_closeness + (1 - TITLE_WEIGHT) * text_closeness
    )


def _scaled(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)
