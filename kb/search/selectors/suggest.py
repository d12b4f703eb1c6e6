"""What a searcher is offered besides results: suggestions while typing, popular
searches and content, and the way to ask the community."""

import logging

from wagtail.search.backends import get_search_backend

from ..sources import Source, sources
from .hits import SearchHit
from .languages import backend_for, content_language, source_queryset
from .queries import _WORD, clean_query, normalise_query

logger = logging.getLogger(__name__)

SUGGEST_MIN_LENGTH = 2
SUGGEST_TITLES = 6
SUGGEST_QUERIES = 3
# A query is offered to others only after this many different clients (addresses,
# see tracking.searcher_key) searched it and found something: one person's search
# (an e-mail address, a typo) stays private, however often or however they send it.
POPULAR_MIN_SEARCHERS = 3
POPULAR_DAYS = 90


def suggestions(
    *, prefix: str, backend_name: str = "default", language: str | None = None
) -> list[dict]:
    """Search-as-you-type: matching titles of every kind, then popular past queries,
    in `language` (default: the active language).

    Each item has `type` ("article", "thread", ... or "query"), `label`, `url`,
    `kind_label`, and for content the `hit` (a SearchHit, for click tokens).
    """
    prefix = clean_query(prefix)[0]
    if len(prefix) < SUGGEST_MIN_LENGTH or not _WORD.search(prefix):
        return []
    language = content_language(language)
    backend = get_search_backend(backend_name)
    localized = backend_for(backend, language)
    by_language = localized is None
    backend = localized or backend
    querysets = {
        source: source_queryset(source, None, language, by_language=by_language)
        for source in sources()
    }
    items = []
    for source in sources():
        if not source.suggest:
            continue
        matches = _title_matches(backend, querysets[source], prefix)
        for obj in matches[: SUGGEST_TITLES - len(items)]:
            hit = SearchHit(
                object=obj,
                kind=source.kind,
                kind_label=source.label,
                title=Source.title(obj),
                url=Source.url(obj),
                snippet_html="",
                score=0.0,
                rank=len(items) + 1,
            )
            items.append(
                {
                    "type": source.kind,
                    "kind_label": source.label,
                    "label": hit.title,
                    "url": hit.url,
                    "hit": hit,
                }
            )
        if len(items) >= SUGGEST_TITLES:
            break
    from django.urls import reverse
    from django.utils.http import urlencode

    search_url = reverse("kb_search:search")
    queries = popular_queries(prefix=prefix, limit=SUGGEST_QUERIES, language=language)
    if len(queries) < SUGGEST_QUERIES:
        for completion in _completions(backend, prefix, list(querysets.values())):
            if completion not in queries and len(queries) < SUGGEST_QUERIES:
                queries.append(completion)
    for query_string in queries:
        items.append(
            {
                "type": "query",
                "kind_label": "Search",
                "label": query_string,
                "url": f"{search_url}?{urlencode({'q': query_string})}",
                "hit": None,
            }
        )
    return items


def corrected_suggestions(
    *, prefix: str, language: str | None = None
) -> tuple[list[dict], str | None]:
    """`suggestions` for `prefix`, or, when no title matches it, for its corrected
    spelling; with the correction they are for (None when none was needed)."""
    from .corrections import correction_for

    language = content_language(language)
    items = suggestions(prefix=prefix, language=language)
    if len(prefix) < SUGGEST_MIN_LENGTH or any(i["type"] != "query" for i in items):
        return items, None
    backend = get_search_backend()
    correction = correction_for(
        prefix,
        backend=backend_for(backend, language) or backend,
        language=language,
    )
    corrected = suggestions(prefix=correction, language=language) if correction else []
    if not any(item["type"] != "query" for item in corrected):
        return items, None
    return corrected, correction


def _completions(backend, prefix, querysets):
    """The typed words with the last one completed from the index (Whoosh only)."""
    suggest_terms = getattr(backend, "suggest_terms", None)
    words = prefix.lower().split()
    if suggest_terms is None or not words or len(words[-1]) < SUGGEST_MIN_LENGTH:
        return []
    try:
        terms = suggest_terms(
            prefix,
            limit=SUGGEST_QUERIES + 1,
            querysets=querysets,
        )
    except Exception:
        logger.exception("Term suggestions failed")
        return []
    head = " ".join(words[:-1])
    typed = " ".join(words)
    completions = []
    for term in terms:
        # Whole queries (earlier words kept) or single words: accept both.
        candidate = term.lower() if " " in term else f"{head} {term.lower()}".strip()
        if candidate != typed and candidate not in completions:
            completions.append(candidate)
    return completions


def _title_matches(backend, queryset, prefix):
    try:
        results = list(backend.autocomplete(prefix, queryset)[:SUGGEST_TITLES])
    except Exception:  # a backend without autocomplete, or input it cannot parse
        logger.debug("Autocomplete unavailable for %s", queryset.model, exc_info=True)
        results = []
    if results:
        return results
    words = prefix.split()
    if not words or not hasattr(queryset.model, "title"):
        return []
    from django.db.models import Q

    title_filter = Q()
    for word in words[:5]:
        title_filter &= Q(title__icontains=word)
    return list(queryset.filter(title_filter).order_by("title")[:SUGGEST_TITLES])


def popular_queries(
    *,
    prefix: str = "",
    limit: int = 10,
    days: int = POPULAR_DAYS,
    language: str | None = None,
):
    """Past queries many clients searched in `language` (default: the active
    language) and found results for, most first."""
    from datetime import timedelta

    from django.db.models import Count, Exists, OuterRef, Q
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    from ..models import QueryDailyStats

    since = timezone.localdate() - timedelta(days=days)
    normalised = normalise_query(prefix)
    found_something = QueryDailyStats.objects.filter(
        query=OuterRef("pk"),
        date__gte=since,
        results__gt=0,
        language=content_language(language),
    )
    queries = Query.objects.filter(Exists(found_something))
    if normalised:
        queries = queries.filter(
            Q(query_string__startswith=normalised)
            | Q(query_string__contains=f" {normalised}")
        ).exclude(query_string=normalised)
    recent = Q(kb_searchers__last_searched__gte=since)
    queries = (
        queries.annotate(searchers=Count("kb_searchers", filter=recent))
        .filter(searchers__gte=POPULAR_MIN_SEARCHERS)
        .order_by("-searchers", "query_string")
    )
    return list(queries.values_list("query_string", flat=True)[:limit])


def popular_content(
    *, limit: int = 5, days: int = POPULAR_DAYS, language: str | None = None
) -> list[dict]:
    """What searchers of `language` (default: the active language) open most
    (from recorded clicks), else the newest content in it.

    For the zero-results page: rows with `title` and `url`.
    """
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from ..models import SearchClick

    since = timezone.localdate() - timedelta(days=days)
    language = content_language(language)
    rows = list(
        SearchClick.objects.filter(date__gte=since, language=language)
        .exclude(kind="link")
        .values("url", "title")
        .annotate(clicks=Count("id"))
        .order_by("-clicks", "title")[:limit]
    )
    if rows:
        return rows
    for source in sources():
        queryset = source_queryset(source, None, language, by_language=True)
        newest = queryset.order_by("-pk")[:limit]
        return [{"title": Source.title(o), "url": Source.url(o)} for o in newest]
    return []


def ask_community_url(query: str = "") -> str | None:
    """Where to ask the community, when the forum is installed."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.http import urlencode

    try:
        url = reverse("forum:ask")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'title': query})}" if query else url
