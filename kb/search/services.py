"""Writes for the site search: the search log, result clicks, demo synonyms."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .demo import DEMO_SYNONYMS
from .models import (
    ClickSource,
    QueryDailyStats,
    QuerySearcher,
    SearchClick,
    Synonym,
)
from .selectors import normalise_query
from .selectors.languages import content_language

# A visitor repeating a search (refresh, back button, next page) within this many
# seconds is not counted again; neither is a second click on the same result.
REPEAT_WINDOW = 30 * 60


def _first_time(*parts: str) -> bool:
    """True the first time these parts are seen in REPEAT_WINDOW (atomic cache add)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
    return cache.add(f"kb-search-seen:{digest}", 1, REPEAT_WINDOW)


def search_record(
    *,
    query: str,
    results: int,
    visitor: str,
    searcher: str,
    language: str | None = None,
) -> QueryDailyStats | None:
    """Log a search by `visitor` (an opaque per-visitor key): query, result count
    (in the reader's language: a search that fell back to the source language
    found nothing in it), day and the reader's `language` (default: the source
    language).

    A repeat of the same query by the same visitor within REPEAT_WINDOW updates
    nothing and returns None. `searcher` (one key per client address) is kept per
    query, so popular searches count clients, not visits. Also counts a hit on
    Wagtail's Query, which the built-in "Search terms" report and editor's picks use.
    """
    normalised = normalise_query(query)
    language = content_language(language or settings.LANGUAGE_CODE)
    if not normalised or not _first_time("search", visitor, language, normalised):
        return None
    today = timezone.localdate()
    with transaction.atomic():
        query_obj, _ = Query.objects.get_or_create(query_string=normalised)
        stats, _ = QueryDailyStats.objects.get_or_create(
            query=query_obj, date=today, language=language
        )
        QueryDailyStats.objects.filter(pk=stats.pk).update(
            searches=F("searches") + 1, results=results
        )
        hits, _ = QueryDailyHits.objects.get_or_create(query=query_obj, date=today)
        QueryDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + 1)
        QuerySearcher.objects.update_or_create(
            query=query_obj, searcher=searcher, defaults={"last_searched": today}
        )
    return stats


def click_record(
    *,
    query: str,
    kind: str,
    object_id: str,
    url: str,
    title: str,
    rank: int,
    source: str,
    visitor: str,
    language: str | None = None,
) -> SearchClick | None:
    """Record that `visitor` opened a result (searching in `language`); a repeat
    of the same click is ignored."""
    normalised = normalise_query(query)
    if not normalised or source not in ClickSource.values or rank < 1:
        return None
    if not _first_time("click", visitor, normalised, kind, object_id, url):
        return None
    with transaction.atomic():
        query_obj, _ = Query.objects.get_or_create(query_string=normalised)
        return SearchClick.objects.create(
            query=query_obj,
            kind=kind[:32],
            object_id=str(object_id)[:64],
            url=url[:500],
            title=title[:255],
            rank=rank,
            source=source,
            language=content_language(language or settings.LANGUAGE_CODE),
        )


def synonyms_demo_load() -> int:
    """Add the demo's synonym groups to a site that has none; returns how many.

    Once there are synonyms, editors manage them: a group they changed or deleted
    is not brought back by the next `make run`.
    """
    with transaction.atomic():
        if Synonym.objects.exists():
            return 0
        Synonym.objects.bulk_create(
            Synonym(terms=terms, note=note) for terms, note in DEMO_SYNONYMS
        )
    return len(DEMO_SYNONYMS)
