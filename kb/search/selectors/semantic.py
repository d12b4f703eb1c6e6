"""Re-ranking by meaning: the first candidates of the word ranking, re-ordered by how
close each one is to the query in a small embedding model's space.

The word ranking (BM25F) finds what shares the query's words; it cannot tell that
"my bill is wrong" asks about a disputed invoice. WordLlama's static word
embeddings (256 dimensions, shipped inside its wheel: nothing is downloaded, no GPU)
give a text a vector in well under a millisecond, and the first RERANK_DEPTH hits
are re-ordered by a blend of their word score and the closeness of their title and
text to the query. Optional (the `semantic` extra) and off unless
settings.KB_SEARCH_SEMANTIC; docs/benchmarks.md says what it buys and costs.
"""

import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.conf import settings

from ..sources import Source

logger = logging.getLogger(__name__)

# The constants below were tuned together on StackFAQ's dev half only
# (docs/benchmarks.md); nearby values score within 0.01. 100 candidates would score
# 0.01 higher on qa_pairs but cost twice the time, most of it loading the objects.
RERANK_DEPTH = 50
# The blend: 0.8 closeness in meaning, 0.2 word score, each scaled to 0..1 over the
# re-ranked hits. Words still choose the candidates.
MEANING_WEIGHT = 0.8
# Closeness is mostly the title's (a help title says what is asked, as a query
# does); the text adds what the title leaves out. Its first 1,000 characters: 3,000
# score 0.008 higher on threads, but a text seen for the first time costs 1-2 ms
# to embed at that length (tokenizing, mostly), and a search meeting many new
# ones went past the latency target.
TITLE_WEIGHT = 0.7
TEXT_CHARS = 1000
CACHED_VECTORS = 20_000  # two a hit (title, text), about 1 KB each


def reranks_page(offset: int) -> bool:
    """Whether the page starting at `offset` shows re-ranked hits."""
    enabled = bool(getattr(settings, "KB_SEARCH_SEMANTIC", False))
    return enabled and offset < RERANK_DEPTH


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
    titles = [Source.title(obj) for obj in objects]
    texts = [
        f"{title}\n{Source.text(obj)[:TEXT_CHARS]}"
        for title, obj in zip(titles, objects, strict=True)
    ]
    query_vector = _embed([query])[0]
    title_closeness = _cache.vectors(titles) @ query_vector
    text_closeness = _cache.vectors(texts) @ query_vector
    # A text without a known token has no vector (a mean of nothing): no closeness.
    return np.nan_to_num(
        TITLE_WEIGHT * title_closeness + (1 - TITLE_WEIGHT) * text_closeness
    )


def _scaled(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)


@functools.cache
def embedding_model():
    """WordLlama's 256-dimension model, from the files in its wheel."""
    # Imported here: only a site with the setting on installs the extra. Importing
    # it calls logging.basicConfig(level=INFO), which would print every library's
    # INFO records; the root logger is put back as the site's settings left it.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    import wordllama

    root.handlers[:], root.level = handlers, level

    # Its loader looks for the shipped tokenizer in a folder that does not exist,
    # then downloads it; given the package's own folder as its cache, it finds both
    # files there, and with downloads off it never touches the network.
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def _embed(texts: list[str]) -> np.ndarray:
    """Unit vectors, one row per text."""
    return embedding_model().embed(texts, norm=True)


class _VectorCache:
    """Vectors by their text's digest, the least recently used dropped past a bound.
    Keyed by the text itself, so an edited article never gets the vector of its
    previous version, and the same texts come up in many searches."""

    def __init__(self, size: int):
        self.size = size
        self._vectors: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.blake2b(t.encode(), digest_size=16).digest() for t in texts]
        with self._lock:
            found = {key: self._vectors.get(key) for key in keys}
        missing = [i for i, key in enumerate(keys) if found[key] is None]
        if missing:
            computed = _embed([texts[i] for i in missing])
            for i, vector in zip(missing, computed, strict=True):
                found[keys[i]] = vector
        with self._lock:
            for key in keys:
                self._vectors[key] = found[key]
                self._vectors.move_to_end(key)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return np.stack([found[key] for key in keys])


_cache = _VectorCache(CACHED_VECTORS)
