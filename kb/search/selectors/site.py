"""The site search: every kind of content in one ranking, with editor's picks and
spelling corrections.

One direction: the query is built once, each source (kb.search.sources) is
searched once through the backend (count and page from one pass), and its page of
hits is turned into SearchHits from what `search_results()` loaded with it.
"""

import logging
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.text import Truncator
from wagtail.search.backends import get_search_backend

from ..sources import Source, sources
from .corrections import correction_for
from .hits import SNIPPET_LENGTH, SearchHit, SearchOutcome
from .languages import (
    backend_for,
    content_language,
    source_language,
    source_queryset,
)
from .picks import promoted_hits
from .queries import (
    _WORD,
    build_search_query,
    clean_query,
    synonyms_for,
)
from .semantic import (
    Candidate,
    candidates_to_fetch,
    load_objects,
    rerank,
    reranks_page,
)

logger = logging.getLogger(__name__)

MAX_OFFSET = 500
FEW_RESULTS = 3  # fewer, and a correction that finds more is searched instead


def _score_sign(backend) -> int:
    # SQLite's FTS5 bm25() is "lower is better"; every other backend is the other way.
    return -1 if "sqlite" in type(backend).__module__ else 1


def _sources_for(kinds: Sequence[str], category_id: int | None) -> list[Source]:
    return [
        source
        for source in sources()
        if (not kinds or source.kind in kinds)
        and (category_id is None or source.filters_by_category)
    ]


def _search_source(
    backend,
    source,
    search_query,
    *,
    category_id,
    fetch,
    excluded,
    unloaded,
    language,
    by_language,
):
    """The number of hits of one kind, and its first `fetch` as Candidates; with
    `unloaded`, their objects are not loaded where the backend can rank without
    them (load_objects loads those of the page shown)."""
    queryset = source_queryset(source, category_id, language, by_language=by_language)
    if excluded:
        queryset = queryset.exclude(pk__in=excluded)
    results = backend.search(search_query, queryset).annotate_score("_score")
    total = results.count()
    if not total or not fetch:
        return total, []
    first = results[:fetch]
    if unloaded and hasattr(first, "scored_pks"):
        found = [(pk, score, None) for pk, score in first.scored_pks()]
    else:
        found = [(str(o.pk), getattr(o, "_score", None), o) for o in first]
    sign = _score_sign(backend)
    return total, [
        Candidate(
            score=sign * float(raw) * source.boost if raw is not None else -position,
            position=position,
            source=source,
            pk=pk,
            object=obj,
            found_in=queryset,
        )
        for position, (pk, raw, obj) in enumerate(found)
    ]


def _snippet(backend, obj, highlight_terms):
    highlight = getattr(backend, "highlight", None)
    if highlight is not None:
        try:
            html = highlight(Source.text(obj), highlight_terms, limit=SNIPPET_LENGTH)
        except Exception:  # a snippet is never worth a failed search page
            logger.exception("Search highlighting failed")
            html = ""
        if html:
            return html
    return escape(Truncator(Source.summary(obj)).chars(SNIPPET_LENGTH))


def site_search(
    *,
    query: str,
    backend_name: str = "default",
    kinds: Sequence[str] = (),
    category_id: int | None = None,
    offset: int = 0,
    limit: int = 10,
    correct: bool = True,
    language: str | None = None,
    fallback: bool = True,
) -> SearchOutcome:
    """Search every kind of content and merge the results into one ranking.

    Content written in `language` (default: the active language) is searched,
    with its stop words, stemmer and spelling words; when it finds nothing, with
    `fallback` the source language's is searched instead (`fallback_from`).

    `query` is what the visitor typed (any text; it is cleaned and cut to
    MAX_QUERY_LENGTH). `kinds` limits the search to some kinds ("article",
    "thread"); `category_id` to one category. Editor's picks for the
    query come in `.picks` (and are not repeated in `.hits`).

    When the query finds almost nothing and a corrected spelling finds more, the
    outcome is the corrected search's, with `original_query` set; unless not
    `correct`, where the correction is only offered (`corrected_query`).
    """
    text, truncated = clean_query(query)
    options = {
        "kinds": kinds,
        "category_id": category_id,
        "offset": max(0, int(offset)),
        "limit": max(1, min(int(limit), 100)),
        "correct": correct,
    }
    backend = get_search_backend(backend_name)
    language = content_language(language)
    outcome = _corrected_search(backend, text, language, **options)
    source = source_language()
    if (
        fallback
        and language != source
        and not outcome.total
        and not outcome.picks
        and not outcome.failed
        and not outcome.only_common_words
        and _WORD.search(text)
    ):
        # As typed: the source language's words would "correct" the reader's
        # ("Passwort zurücksetzen" is not "password zurücksetzen").
        found = _corrected_search(backend, text, source, spell=False, **options)
        if found.total:
            found.fallback_from = language
            outcome = found
    outcome.truncated = truncated
    return outcome


def _corrected_search(backend, text, language, *, correct, spell=True, **options):
    """The search in one language, or its corrected spelling's (see site_search;
    not `spell`: as typed, with no correction offered)."""
    localized = backend_for(backend, language)
    options.update(language=language, by_language=localized is None)
    backend = localized or backend
    outcome = _search(backend, text, **options)
    if (
        not spell
        or outcome.total >= FEW_RESULTS
        or outcome.picks  # an editor chose what this very query shows
        or outcome.failed
        or outcome.only_common_words
    ):
        return outcome
    correction = correction_for(text, backend=backend, language=language)
    if not correction:
        return outcome
    corrected = _search(backend, correction, **options)
    if corrected.total <= outcome.total:
        return outcome
    if not correct:
        outcome.corrected_query = correction
        return outcome
    corrected.original_query = text
    return corrected


def _search(
    backend, text, *, kinds, category_id, offset, limit, language, by_language
) -> SearchOutcome:
    outcome = SearchOutcome(query=text, offset=offset, limit=limit, language=language)
    if not _WORD.search(text):
        return outcome
    words = getattr(backend, "search_terms", None)
    if words is not None and not words(text):
        outcome.only_common_words = True
        return outcome
    synonyms = synonyms_for(text, built_in=language == "en")
    search_query = build_search_query(text, synonyms=synonyms, searchable=words)
    if search_query is None:
        return outcome
    # Editor's picks lead the first page and are left out of the ranking on every
    # page, so no page repeats them and every page has the same total.
    picks = [] if category_id else promoted_hits(query=text)
    if kinds:
        picks = [p for p in picks if p.kind in kinds]
    outcome.picks = picks if offset == 0 else []
    picked = {}
    for pick in picks:
        if pick.object is not None:
            picked.setdefault(type(pick.object), []).append(pick.object.pk)

    candidates = []
    # Deeper than MAX_OFFSET only the totals are counted: nobody reads page 60,
    # and fetching it from every kind to merge would be costly.
    fetch = (
        candidates_to_fetch(offset=offset, limit=limit) if offset <= MAX_OFFSET else 0
    )
    reranking = reranks_page(offset)
    for source in _sources_for(kinds, category_id):
        try:
            total, found = _search_source(
                backend,
                source,
                search_query,
                category_id=category_id,
                fetch=fetch,
                excluded=picked.get(source.model, ()),
                unloaded=reranking,
                language=language,
                by_language=by_language,
            )
        except Exception:
            # A backend that chokes on some input must not turn into a 500.
            logger.exception("Search failed for %r on %s", text, source.kind)
            outcome.failed = True
            continue
        outcome.kind_counts[source.kind] = total
        outcome.total += total
        candidates += found

    candidates.sort(key=lambda c: (c.score, -c.position), reverse=True)
    if reranking:
        candidates = rerank(text, candidates)
    highlight_terms = " ".join([text, *synonyms])
    shown = load_objects(candidates[offset : offset + limit])
    for rank, candidate in enumerate(shown, start=offset + 1):
        obj = candidate.object
        outcome.hits.append(
            SearchHit(
                object=obj,
                kind=candidate.source.kind,
                kind_label=candidate.source.label,
                title=Source.title(obj),
                url=Source.url(obj),
                snippet_html=_snippet(backend, obj, highlight_terms),
                score=candidate.score,
                category=Source.category(obj),
                answered=Source.solved(obj),
                rank=rank,
            )
        )

    return outcome
