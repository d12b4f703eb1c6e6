"""Spelling corrections for queries that find (almost) nothing.

Two sources, the closer first: what other searchers typed and found results for
(a query many distinct visitors searched, within a few typing slips of this
one), then the index's own words, word by word (Whoosh only).
"""

import difflib
import logging

from wagtail.search.backends import get_search_backend

from ..sources import sources
from .queries import normalise_query

logger = logging.getLogger(__name__)

# How alike two queries must be (difflib's ratio) for one to correct the other:
# "pasword" and "password" are 0.93, "invoice" and "invoices" 0.93, "plan" and
# "plans" 0.89, "log in" and "login" 0.91; "slack" and "black" only 0.8.
SEARCHED_SIMILARITY = 0.85
SEARCHED_CANDIDATES = 500


def correction_for(
    query: str, *, backend=None, language: str | None = None
) -> str | None:
    """A corrected spelling of `query` that may find more, or None: from what was
    searched in `language` (default: the active language) and from the words of
    `backend` (searching that language: see site.backend_for)."""
    return searched_correction(query, language=language) or spelling_suggestion(
        query=query, backend=backend
    )


def searched_correction(query: str, *, language: str | None = None) -> str | None:
    """The popular past query (found results for) in `language` closest to
    `query`, if close."""
    from .suggest import popular_queries  # suggest builds on the site search

    typed = normalise_query(query)
    if not typed:
        return None
    popular = popular_queries(limit=SEARCHED_CANDIDATES, language=language)
    candidates = [q for q in popular if q != typed]
    close = difflib.get_close_matches(
        typed, candidates, n=1, cutoff=SEARCHED_SIMILARITY
    )
    return close[0] if close else None


def spelling_suggestion(*, query: str, backend=None) -> str | None:
    """The query with misspelt words fixed from the index's own words (Whoosh
    only; None elsewhere)."""
    backend = backend or get_search_backend()
    suggest = getattr(backend, "spelling_suggestion", None)
    if suggest is None:
        return None
    try:
        suggestion = suggest(query, querysets=[s.queryset() for s in sources()])
    except Exception:
        logger.exception("Spelling suggestion failed")
        return None
    if suggestion and suggestion.strip().lower() != query.strip().lower():
        return suggestion.strip()
    return None
