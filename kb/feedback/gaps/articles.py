"""The content-gap report: what readers needed and didn't find, in one list.

Search logs (kb.search.selectors), forum questions (kb.forum.selectors) and what
visits did before a support request (kb.contact.selectors) are read when those
apps provide them; a missing app or function leaves its rows out.
"""

import datetime
import logging
import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kb.articles.models import ArticlePage
from kb.search.selectors.languages import (
    content_languages,
    language_name,
    source_language,
)

from ..models import FeedbackSettings
from ..selectors import article_scores, article_views

logger = logging.getLogger(__name__)


class GapKind:
    LEAST_HELPFUL = "least_helpful"
    SCORE_DROPPED = "score_dropped"
    NO_RESULTS = "no_results"
    NO_CLICKS = "no_clicks"
    UNANSWERED = "unanswered"
    STALE = "stale"
    READ_BEFORE_REQUEST = "read_before_request"
    SEARCHED_BEFORE_REQUEST = "searched_before_request"
    TRANSLATION_LESS_HELPFUL = "translation_less_helpful"

    choices = [
        (LEAST_HELPFUL, gettext_lazy("Least helpful article")),
        (SCORE_DROPPED, gettext_lazy("Score dropped")),
        (NO_RESULTS, gettext_lazy("Search without results")),
        (NO_CLICKS, gettext_lazy("Search without clicks")),
        (UNANSWERED, gettext_lazy("Unanswered forum question")),
        (STALE, gettext_lazy("Stale article with traffic")),
        (READ_BEFORE_REQUEST, gettext_lazy("Read just before a support request")),
        (SEARCHED_BEFORE_REQUEST, gettext_lazy("Search followed by a support request")),
        (
            TRANSLATION_LESS_HELPFUL,
            gettext_lazy("Translation less helpful than source"),
        ),
    ]
    labels = dict(choices)


SEARCH_KINDS = {GapKind.NO_RESULTS, GapKind.NO_CLICKS}
HELPFUL_FLOOR = 0.5  # an article most readers find unhelpful is a gap on any site
DROP_AT_LEAST = 0.2  # a fall of the helpful share by this much is a drop
RECENT_DAYS = 30
SEARCH_ROWS = 50  # per kind of search gap


@dataclass
class Gap:
    kind: str
    title: str
    detail: str
    impact: int  # readers affected: not-helpful votes, searches, followers, views
    fix_url: str
    fix_label: str
    source_url: str = ""
    # A search gap of readers of another language than the source language's:
    # what they searched isn't written (or translated) in their language.
    language: str = ""

    @property
    def kind_label(self) -> str:
        if not self.language:
            return str(GapKind.labels[self.kind])
        names = {"language": language_name(self.language)}
        if self.kind == GapKind.NO_RESULTS:
            return _("Translation gap: search without results in %(language)s") % names
        names["kind"] = GapKind.labels[self.kind]
        return _("%(kind)s (%(language)s)") % names

    @property
    def key(self) -> str:
        """What identifies this gap across reports (its ticket's key)."""
        what = (self.source_url or self.title).lower()
        if self.language:
            what = f"{self.language}:{what}"
        return f"{self.kind}:{what}"[:500]

    @property
    def is_search(self) -> bool:
        return self.kind in SEARCH_KINDS


def create_article_url(title: str, source: str = "") -> str:
    query = {"title": title[:255]}
    if source:
        query["source"] = source[:500]
    return reverse("feedback_admin:create_article") + "?" + urlencode(query)


def _article_gap(kind, article_page_id, *, title, detail, impact) -> Gap:
    """A gap an editor fixes by editing the article (its feedback page as source)."""
    return Gap(
        kind=kind,
        title=title,
        detail=detail,
        impact=impact,
        fix_url=reverse("wagtailadmin_pages:edit", args=[article_page_id]),
        fix_label=_("Edit article"),
        source_url=reverse("feedback_admin:article", args=[article_page_id]),
    )


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


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def _searches(since, until, language=None):
    """Search gaps of the readers of `language` (None: of each language)."""
    if language is None:
        return [
            gap
            for each in content_languages()
            for gap in _searches(since, until, each)
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


def _unanswered(since):
    try:
        from kb.forum.selectors import unanswered_popular_topics
    except ImportError:
        return []
    try:
        topics = unanswered_popular_topics(since=since, limit=20)
    except Exception:
        logger.exception("content gaps: unanswered_popular_topics failed")
        return []
    gaps = []
    for topic in topics:
        votes = int(getattr(topic, "score", 0) or 0)
        followers = int(getattr(topic, "followers", 0) or 0)
        url = topic.get_absolute_url()
        gaps.append(
            Gap(
                kind=GapKind.UNANSWERED,
                title=topic.title,
                detail=_("No accepted answer; %(votes)s, %(followers)s following")
                % {
                    "votes": ngettext("%(n)s vote", "%(n)s votes", votes)
                    % {"n": votes},
                    "followers": followers,
                },
                impact=max(votes, 0) + followers + 1,
                fix_url=create_article_url(topic.title, url),
                fix_label=_("Create article"),
                source_url=url,
            )
        )
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


def _contact_rows(name, since, until):
    try:
        from kb.contact import selectors as contact_selectors
    except ImportError:
        return []
    try:
        return list(getattr(contact_selectors, name)(since=since, until=until))
    except Exception:  # another app's report must not take this one down
        logger.exception("content gaps: %s failed", name)
        return []


def _before_requests(since, until):
    gaps = []
    read = _contact_rows("articles_read_before_request", since, until)
    existing = set(
        ArticlePage.objects.filter(pk__in=[row.page_id for row in read]).values_list(
            "pk", flat=True
        )
    )
    for row in read:
        gap = _article_gap(
            GapKind.READ_BEFORE_REQUEST,
            row.page_id,
            title=row.text,
            detail=ngettext(
                "Read in %(count)s visit that then contacted support",
                "Read in %(count)s visits that then contacted support",
                row.requests,
            )
            % {"count": row.requests},
            impact=row.requests,
        )
        if row.page_id not in existing:  # deleted since: write it again
            gap.fix_url = create_article_url(row.text, "read before a support request")
            gap.fix_label, gap.source_url = "Create article", ""
        gaps.append(gap)
    for row in _contact_rows("threads_read_before_request", since, until):
        gaps.append(
            Gap(
                kind=GapKind.READ_BEFORE_REQUEST,
                title=row.text,
                detail=ngettext(
                    "Forum thread read in %(count)s visit that then contacted support",
                    "Forum thread read in %(count)s visits that then contacted support",
                    row.requests,
                )
                % {"count": row.requests},
                impact=row.requests,
                fix_url=create_article_url(row.text, row.url),
                fix_label=_("Create article"),
                source_url=row.url,
            )
        )
    for row in _contact_rows("searches_before_request", since, until):
        gaps.append(
            Gap(
                kind=GapKind.SEARCHED_BEFORE_REQUEST,
                title=row.text,
                detail=ngettext(
                    "Searched in %(count)s visit that then contacted support",
                    "Searched in %(count)s visits that then contacted support",
                    row.requests,
                )
                % {"count": row.requests},
                impact=row.requests,
                fix_url=create_article_url(row.text, "search followed by a request"),
                fix_label=_("Create article"),
            )
        )
    return gaps


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
