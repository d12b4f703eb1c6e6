"""Reads for feedback: scores, trends, comments and per-reader votes."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from wagtail.models import Page

from .models import (
    ArticleDailyViews,
    ArticleFeedback,
    ArticleFeedbackState,
    FeedbackSettings,
    Reason,
)

Z_95 = 1.959964
Z_95_ONE_SIDED = 1.644854


def wilson_interval(helpful: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of the helpful share (95 % by default)."""
    if total <= 0:
        return 0.0, 1.0
    phat = helpful / total
    denominator = 1 + z * z / total
    centre = phat + z * z / (2 * total)
    margin = z * math.sqrt((phat * (1 - phat) + z * z / (4 * total)) / total)
    return max(0.0, (centre - margin) / denominator), min(
        1.0, (centre + margin) / denominator
    )


def wilson_lower_bound(helpful: int, total: int, z: float = Z_95) -> float:
    """Lower bound of the Wilson score interval: ranks 3/3 below 95/100 fairly."""
    return wilson_interval(helpful, total, z)[0]


@dataclass
class ArticleScore:
    article_page_id: int
    title: str
    helpful: int = 0
    not_helpful: int = 0
    since: datetime.datetime | None = None
    exists: bool = True
    unresolved: int = 0
    reasons: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def score(self) -> float:
        return wilson_lower_bound(self.helpful, self.total)

    @property
    def score_upper(self) -> float:
        """The most helpful the article may really be: the top of its one-sided
        95 % Wilson interval."""
        return wilson_interval(self.helpful, self.total, Z_95_ONE_SIDED)[1]

    @property
    def helpful_share(self) -> float | None:
        return self.helpful / self.total if self.total else None

    @property
    def helpful_percent(self) -> int | None:
        return round(100 * self.helpful / self.total) if self.total else None

    @property
    def score_percent(self) -> int:
        return round(100 * self.score)


def counted_votes():
    """Votes that count in the score: those after the article's score restart."""
    baseline = ArticleFeedbackState.objects.filter(
        article_page_id=OuterRef("article_page_id")
    ).values("score_since")[:1]
    return ArticleFeedback.objects.annotate(baseline=Subquery(baseline)).filter(
        Q(baseline__isnull=True) | Q(updated_at__gte=F("baseline"))
    )


def _in_period(queryset, since, until, field="updated_at"):
    if since is not None:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until is not None:
        queryset = queryset.filter(**{f"{field}__lt": until})
    return queryset


def article_scores(
    *, since=None, until=None, article_page_ids=None
) -> list[ArticleScore]:
    """Every article with votes in the period, counted from its score restart."""
    votes = _in_period(counted_votes(), since, until)
    if article_page_ids is not None:
        votes = votes.filter(article_page_id__in=article_page_ids)
    rows = (
        votes.values("article_page_id")
        .annotate(
            helpful_votes=Count("id", filter=Q(helpful=True)),
            not_helpful_votes=Count("id", filter=Q(helpful=False)),
            unresolved=Count(
                "id",
                filter=Q(helpful=False, resolved_at__isnull=True) & ~Q(comment=""),
            ),
        )
        .order_by()
    )
    rows = list(rows)
    ids = [row["article_page_id"] for row in rows]
    live_titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    snapshots = dict(
        ArticleFeedback.objects.filter(article_page_id__in=ids)
        .order_by("article_page_id", "updated_at")
        .values_list("article_page_id", "article_title")
    )
    states = dict(
        ArticleFeedbackState.objects.filter(article_page_id__in=ids).values_list(
            "article_page_id", "score_since"
        )
    )
    return [
        ArticleScore(
            article_page_id=row["article_page_id"],
            title=live_titles.get(row["article_page_id"])
            or snapshots.get(row["article_page_id"], ""),
            helpful=row["helpful_votes"],
            not_helpful=row["not_helpful_votes"],
            unresolved=row["unresolved"],
            since=states.get(row["article_page_id"]),
            exists=row["article_page_id"] in live_titles,
        )
        for row in rows
    ]


def article_score(*, article_page_id: int, title: str = "") -> ArticleScore:
    scores = article_scores(article_page_ids=[article_page_id])
    if scores:
        score = scores[0]
    else:
        state = ArticleFeedbackState.objects.filter(
            article_page_id=article_page_id
        ).first()
        score = ArticleScore(
            article_page_id=article_page_id,
            title=title,
            since=state.score_since if state else None,
        )
    reasons = Counter()
    for codes in (
        counted_votes()
        .filter(article_page_id=article_page_id, helpful=False)
        .values_list("reasons", flat=True)
    ):
        reasons.update(codes or [])
    labels = dict(Reason.choices)
    score.reasons = {
        labels[code]: reasons[code] for code in Reason.values if reasons[code]
    }
    return score


def article_state(*, article_page_id: int) -> ArticleFeedbackState | None:
    return ArticleFeedbackState.objects.filter(article_page_id=article_page_id).first()


def score_visible(
    *, article_page_id: int, site_settings: FeedbackSettings | None
) -> bool:
    """Readers see the score only when an editor turned it on (site-wide or here)."""
    if site_settings is not None and site_settings.show_scores:
        return True
    return ArticleFeedbackState.objects.filter(
        article_page_id=article_page_id, show_score=True
    ).exists()


def reader_vote(
    *, article_page_id: int, reader_key: str | None
) -> ArticleFeedback | None:
    if not reader_key:
        return None
    return ArticleFeedback.objects.filter(
        article_page_id=article_page_id, reader_key=reader_key
    ).first()


def feedback_list(
    *, article_page_id=None, since=None, until=None, unresolved_only=False
):
    """Readers' "No" answers (with reasons and comments), newest first."""
    queryset = ArticleFeedback.objects.filter(helpful=False).select_related(
        "resolved_by"
    )
    if article_page_id is not None:
        queryset = queryset.filter(article_page_id=article_page_id)
    if unresolved_only:
        queryset = queryset.filter(resolved_at__isnull=True)
    return _in_period(queryset, since, until).order_by("-updated_at")


@dataclass
class TrendPoint:
    start: datetime.date
    helpful: int
    not_helpful: int

    @property
    def total(self):
        return self.helpful + self.not_helpful

    @property
    def helpful_percent(self):
        return round(100 * self.helpful / self.total) if self.total else None


def article_trend(
    *, article_page_id: int, weeks: int = 12, today=None
) -> list[TrendPoint]:
    """Helpful / not helpful answers per week (all history, also before a restart)."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    points = [
        TrendPoint(start=first + datetime.timedelta(weeks=i), helpful=0, not_helpful=0)
        for i in range(weeks)
    ]
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    votes = ArticleFeedback.objects.filter(
        article_page_id=article_page_id, updated_at__gte=start
    ).values_list("updated_at", "helpful")
    for updated_at, helpful in votes:
        index = (timezone.localtime(updated_at).date() - first).days // 7
        if 0 <= index < weeks:
            if helpful:
                points[index].helpful += 1
            else:
                points[index].not_helpful += 1
    return points


def article_views(*, since=None, until=None) -> dict[int, int]:
    """Views per article page id from day `since` to day `until`, both included."""
    rows = ArticleDailyViews.objects.all()
    if since is not None:
        rows = rows.filter(date__gte=since)
    if until is not None:
        rows = rows.filter(date__lte=until)
    return dict(
        rows.values("article_page_id")
        .annotate(total=Sum("views"))
        .order_by()
        .values_list("article_page_id", "total")
    )


def feedback_settings(request) -> FeedbackSettings:
    """The site's feedback settings (defaults when the request matches no site)."""
    try:
        return FeedbackSettings.for_request(request)
    except FeedbackSettings.DoesNotExist:
        return FeedbackSettings()
