"""The report: every kind of gap in a period, and the few biggest for the dashboard."""

import datetime

from django.utils import timezone

from ..models import FeedbackSettings
from ..selectors import article_scores
from .articles import RECENT_DAYS, _least_helpful, _score_dropped, _stale
from .contact import _before_requests
from .forum import _unanswered
from .kinds import Gap, GapKind
from .searches import _searches


def content_gaps(
    *, since=None, until=None, kinds=(), site_settings=None, language=None
) -> list[Gap]:
    """All gaps in the period, grouped by kind in the report's order, biggest
    first; `language` limits the search gaps to what readers of that language
    searched (the other kinds are not per language)."""
    until = until or timezone.now()
    options = site_settings or FeedbackSettings()
    wanted = set(kinds) or set(GapKind.labels)
    gaps = []
    if wanted & {GapKind.LEAST_HELPFUL, GapKind.TRANSLATION_LESS_HELPFUL}:
        scores = article_scores(since=since, until=until)
        if GapKind.LEAST_HELPFUL in wanted:
            gaps += _least_helpful(scores, options.min_votes)
        if GapKind.TRANSLATION_LESS_HELPFUL in wanted:
            from ..translation_gaps import translations_less_helpful

            gaps += translations_less_helpful(scores, options.min_votes)
    if GapKind.SCORE_DROPPED in wanted:
        gaps += _score_dropped(since, until, options.min_votes)
    if wanted & {GapKind.NO_RESULTS, GapKind.NO_CLICKS}:
        gaps += [g for g in _searches(since, until, language) if g.kind in wanted]
    if GapKind.UNANSWERED in wanted:
        gaps += _unanswered(since)
    if GapKind.STALE in wanted:
        gaps += _stale(since, until, options.stale_days, options.stale_min_views)
    if wanted & {GapKind.READ_BEFORE_REQUEST, GapKind.SEARCHED_BEFORE_REQUEST}:
        gaps += [g for g in _before_requests(since, until) if g.kind in wanted]
    return gaps


def top_gaps(
    *, limit: int = 3, site_settings=None, days: int = RECENT_DAYS
) -> list[Gap]:
    """The few gaps that affect the most readers lately, for the dashboard."""
    from ..gap_queue import gaps_with_tickets

    since = timezone.now() - datetime.timedelta(days=days)
    gaps = sorted(
        gaps_with_tickets(content_gaps(since=since, site_settings=site_settings)),
        key=lambda gap: -gap.impact,
    )
    # The biggest gap of each kind first, so one kind does not fill the panel alone.
    firsts, seen = [], set()
    for gap in gaps:
        if gap.kind not in seen:
            seen.add(gap.kind)
            firsts.append(gap)
    rest = [gap for gap in gaps if gap not in firsts]
    return (firsts + rest)[:limit]
