"""Gaps an editor fixes by editing the article: the least helpful, those whose
score dropped lately, and stale articles that are still read."""

import datetime
import statistics

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kb.articles.models import ArticlePage

from ..selectors import article_scores, article_views
from .kinds import GapKind, _article_gap, _day

HELPFUL_FLOOR = 0.5  # an article most readers find unhelpful is a gap on any site
DROP_AT_LEAST = 0.2  # a fall of the helpful share by this much is a drop
RECENT_DAYS = 30


def _least_helpful(scores, min_votes):
    """Articles that are, with 95 % confidence, less helpful than the site's median
    article: even the top of their (one-sided) Wilson interval is below the median
    share. The bar is never under half: an article that most readers find
    unhelpful is a gap even where most articles are.

    A fixed bar flags small samples unfairly (4 yes and 1 no has a lower bound of
    0.38); comparing the interval's top with the median flags an article only once
    its votes leave no doubt, and the median moves with the site's own standard.
    """
    ranked = [s for s in scores if s.total >= max(1, min_votes) and s.exists]
    if not ranked:
        return []
    bar = max(statistics.median(s.helpful_share for s in ranked), HELPFUL_FLOOR)
    gaps = []
    for score in ranked:
        if score.score_upper < bar:
            gaps.append(
                _article_gap(
                    GapKind.LEAST_HELPFUL,
                    score.article_page_id,
                    title=score.title,
                    detail=ngettext(
                        "%(percent)s%% of %(total)s reader found it helpful; the "
                        "bar is %(bar)s%% (the site's median, at least half)",
                        "%(percent)s%% of %(total)s readers found it helpful; the "
                        "bar is %(bar)s%% (the site's median, at least half)",
                        score.total,
                    )
                    % {
                        "percent": score.helpful_percent,
                        "total": score.total,
                        "bar": round(100 * bar),
                    },
                    impact=score.not_helpful,
                )
            )
    gaps.sort(key=lambda gap: -gap.impact)
    return gaps


def _score_dropped(since, until, min_votes):
    recent_start = until - datetime.timedelta(days=RECENT_DAYS)
    before = {
        s.article_page_id: s for s in article_scores(since=since, until=recent_start)
    }
    recent = article_scores(
        since=max(recent_start, since) if since else recent_start, until=until
    )
    floor = max(2, min_votes // 2)
    gaps = []
    for now in recent:
        then = before.get(now.article_page_id)
        if not then or not now.exists or then.total < floor or now.total < floor:
            continue
        drop = (then.helpful / then.total) - (now.helpful / now.total)
        if drop >= DROP_AT_LEAST:
            gaps.append(
                _article_gap(
                    GapKind.SCORE_DROPPED,
                    now.article_page_id,
                    title=now.title,
                    detail=ngettext(
                        "Helpful share fell from %(then)s%% to %(now)s%% in the "
                        "last %(days)s day",
                        "Helpful share fell from %(then)s%% to %(now)s%% in the "
                        "last %(days)s days",
                        RECENT_DAYS,
                    )
                    % {
                        "then": then.helpful_percent,
                        "now": now.helpful_percent,
                        "days": RECENT_DAYS,
                    },
                    impact=now.not_helpful,
                )
            )
    gaps.sort(key=lambda gap: -gap.impact)
    return gaps


def _stale(since, until, stale_days, min_views):
    views = article_views(since=_day(since), until=_day(until))
    busy = {page_id: count for page_id, count in views.items() if count >= min_views}
    if not busy:
        return []
    cutoff = timezone.now() - datetime.timedelta(days=stale_days)
    articles = (
        ArticlePage.objects.live()
        .filter(pk__in=busy)
        .filter(Q(last_published_at__lt=cutoff) | Q(last_published_at__isnull=True))
        .only("pk", "title", "last_published_at")
    )
    gaps = [
        _article_gap(
            GapKind.STALE,
            article.pk,
            title=article.title,
            detail=ngettext(
                "%(count)s view; last updated %(when)s",
                "%(count)s views; last updated %(when)s",
                busy[article.pk],
            )
            % {
                "count": busy[article.pk],
                "when": (
                    f"{article.last_published_at:%d %b %Y}"
                    if article.last_published_at
                    else _("never")
                ),
            },
            impact=busy[article.pk],
        )
        for article in articles
    ]
    gaps.sort(key=lambda gap: -gap.impact)
    return gaps
