"""Search gaps: what readers searched and found nothing for, or nothing they
opened, per readers' language (read from kb.search.selectors when it is there)."""

import logging

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kb.search.selectors.languages import content_languages, source_language

from .kinds import Gap, GapKind, _day, create_article_url

logger = logging.getLogger(__name__)

SEARCH_ROWS = 50  # per kind of search gap


def _search_rows(name, since, until, language):
    try:
        from kb.search import selectors as search_selectors
    except ImportError:
        return []
    function = getattr(search_selectors, name, None)
    if function is None:
        return []
    try:
        rows = function(since=_day(since), until=_day(until), language=language)
        return list(rows[:SEARCH_ROWS])
    except Exception:  # another app's report must not take this one down
        logger.exception("content gaps: %s failed", name)
        return []


def _searches(since, until, language=None):
    """Search gaps of the readers of `language` (None: of each language)."""
    if language is None:
        return [
            gap for each in content_languages() for gap in _searches(since, until, each)
        ]
    # The source language's gaps keep the keys they had before translations.
    other = "" if language == source_language() else language
    gaps = []
    for row in _search_rows("queries_without_results", since, until, language):
        searches = int(getattr(row, "searches", 0) or 0)
        gaps.append(
            Gap(
                kind=GapKind.NO_RESULTS,
                title=row.query_string,
                detail=ngettext(
                    "Searched %(count)s time, nothing found",
                    "Searched %(count)s times, nothing found",
                    searches,
                )
                % {"count": searches},
                impact=searches,
                fix_url=create_article_url(row.query_string, "search without results"),
                fix_label=_("Create article"),
                language=other,
            )
        )
    for row in _search_rows("queries_without_clicks", since, until, language):
        searches = int(getattr(row, "searches", 0) or 0)
        clicks = int(getattr(row, "clicks", 0) or 0)
        gaps.append(
            Gap(
                kind=GapKind.NO_CLICKS,
                title=row.query_string,
                detail=ngettext(
                    "Searched %(count)s time, results found but %(clicks)s opened",
                    "Searched %(count)s times, results found but %(clicks)s opened",
                    searches,
                )
                % {"count": searches, "clicks": clicks},
                impact=searches,
                fix_url=create_article_url(row.query_string, "search without clicks"),
                fix_label=_("Create article"),
                language=other,
            )
        )
    return gaps
