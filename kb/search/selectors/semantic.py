"""Re-ranking by meaning: the first candidates of the word ranking, re-ordered by how
close each one is to the query in a small embedding model's space.

The word ranking (BM25F) finds what shares the query's words; it cannot tell that
"my bill is wrong" asks about a disputed invoice. The first RERANK_DEPTH hits are
re-ordered by a blend of their word score and the closeness of their title and text
to the query, with the vectors computed when they were indexed
(kb.search.embeddings). Optional (the `semantic` extra) and off unless
settings.KB_SEARCH_SEMANTIC; docs/benchmarks.md says what it buys and costs.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from .. import embeddings
from ..sources import Source

logger = logging.getLogger(__name__)

# The constants below were tuned together on StackFAQ's dev half only
# (docs/benchmarks.md); nearby values score within 0.01. 100 candidates score 0.01
# higher than 50 on qa_pairs, and cost little: the candidates are not loaded.
RERANK_DEPTH = 100
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


@dataclass
class Candidate:
    """A hit of the word ranking; its object is loaded only if it is shown."""

    score: float  # the word ranking's, comparable across kinds
    position: int  # in its kind's ranking
    source: Source
    pk: str
    object: object = None
    found_in: QuerySet | None = None  # what it was searched in: loaded from it


def rerank(query: str, ranked: list[Candidate]) -> list[Candidate]:
    """`ranked` (best first) with its first RERANK_DEPTH items re-ordered by a blend
    of their word score and their closeness in meaning to `query`; the items past
    them keep their order."""
    head, tail = ranked[:RERANK_DEPTH], ranked[RERANK_DEPTH:]
    if len(head) < 2:
        return ranked
    try:
        meaning = _closeness(query, head)
    except Exception:  # the word ranking is never worth losing to the model
        logger.exception("Semantic re-ranking failed")
        return ranked
    words = np.array([candidate.score for candidate in head], dtype=np.float32)
    blended = (1 - MEANING_WEIGHT) * _scaled(words) + MEANING_WEIGHT * _scaled(meaning)
    # A stable sort: equal blends keep the word ranking's order.
    order = np.argsort(-blended, kind="stable")
    return [head[i] for i in order] + tail


def load_objects(candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with their objects loaded, one query per kind; those deleted
    or hidden since they were found are left out."""
    unloaded = defaultdict(list)
    for candidate in candidates:
        if candidate.object is None:
            unloaded[id(candidate.found_in)].append(candidate)
    for group in unloaded.values():
        queryset = group[0].found_in
        pks = [candidate.pk for candidate in group]
        # Unordered: the candidates' order is kept, and ordering pages by their
        # tree path costs more to compile than the rest of the query.
        loaded = queryset.filter(pk__in=pks).order_by()
        objects = {str(obj.pk): obj for obj in loaded}
        for candidate in group:
            candidate.object = objects.get(candidate.pk)
    return [candidate for candidate in candidates if candidate.object is not None]


def _closeness(query: str, candidates: list[Candidate]) -> np.ndarray:
    """Cosine of each candidate's title and text vectors with the query's, blended."""
    by_model = defaultdict(list)
    for candidate in candidates:
        by_model[candidate.source.model].append(candidate.pk)
    vectors = embeddings.stored_vectors(by_model)

    def key(candidate, part):
        return (candidate.source.model._meta.label, candidate.pk, part)

    # Indexed while the setting was off: embedded now, from the object.
    unembedded = [c for c in candidates if key(c, "text") not in vectors]
    for candidate in load_objects(unembedded):
        title, text = embeddings.vectors(list(embeddings.texts_of(candidate.object)))
        vectors[key(candidate, "title")], vectors[key(candidate, "text")] = title, text

    missing = np.full(embeddings.DIMENSIONS, np.nan, dtype=np.float32)
    query_vector = embeddings.embed([query])[0]

    def closeness(part):
        stacked = np.stack([vectors.get(key(c, part), missing) for c in candidates])
        return stacked @ query_vector

    blended = TITLE_WEIGHT * closeness("title") + (1 - TITLE_WEIGHT) * closeness("text")
    # A text without a known word has no vector (a mean of nothing): no closeness.
    return np.nan_to_num(blended)


def _scaled(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)
