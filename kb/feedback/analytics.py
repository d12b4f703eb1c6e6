"""Reads for one article's analytics page: views per week, the searches that led
readers to it and the support requests sent after reading it (helpfulness and
reasons come from kb.feedback.selectors).

Support requests are read through kb.contact.selectors when that app is
installed; without it the page leaves them out.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from .models import ArticleDailyViews

logger = logging.getLogger(__name__)
REQUESTS_LISTED = 50


@dataclass
class ViewsPoint:
    start: datetime.date
    views: int = 0


def article_weekly_views(
    *, article_page_id: int, weeks: int = 12, today=None
) -> list[ViewsPoint]:
    """Views per week (Monday to Sunday), the current week last."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    points = [ViewsPoint(first + datetime.timedelta(weeks=i)) for i in range(weeks)]
    days = ArticleDailyViews.objects.filter(
        article_page_id=article_page_id, date__gte=first, date__lte=today
    ).values_list("date", "views")
    for day, views in days:
        points[(day - first).days // 7].views += views
    return points


def article_views_total(*, article_page_id: int, since: datetime.date) -> int:
    return (
        ArticleDailyViews.objects.filter(
            article_page_id=article_page_id, date__gte=since
        ).aggregate(total=Sum("views"))["total"]
        or 0
    )


def article_search_terms(*, article_page_id: int, since=None, limit: int = 20):
    """The searches after which readers opened this article, most clicks first:
    [(query, clicks)]."""
    from kb.search.models import SearchClick

    clicks = SearchClick.objects.filter(kind="article", object_id=str(article_page_id))
    if since is not None:
        clicks = clicks.filter(date__gte=since)
    return list(
        clicks.values_list("query__query_string")
        .annotate(clicks=Count("id"))
        .order_by("-clicks", "query__query_string")[:limit]
    )


@dataclass
class WeekCount:
    start: datetime.date
    count: int = 0


@dataclass
class RequestsAfterReading:
    """Support requests sent in visits after they read the article."""

    weeks: list[WeekCount]
    total: int
    listed: list = field(default_factory=list)  # for those who may see requests


def article_requests_after_reading(
    *, article_page_id: int, weeks: list[ViewsPoint], user
) -> RequestsAfterReading | None:
    """Per week of `weeks` (and in all) the requests sent after reading the article;
    None when the contact app is not installed."""
    try:
        from kb.contact import selectors as contact
    except ImportError:
        return None
    first = weeks[0].start
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    try:
        requests = contact.requests_after_reading(
            article_page_id=article_page_id, since=since
        )
        counts = [WeekCount(point.start) for point in weeks]
        for sent_at in requests.values_list("created_at", flat=True):
            index = (timezone.localtime(sent_at).date() - first).days // 7
            if 0 <= index < len(counts):
                counts[index].count += 1
        listed = (
            list(requests[:REQUESTS_LISTED])
            if contact.requests_visible_to(user)
            else []
        )
    except Exception:  # another app's data must not take this page down
        logger.exception("article analytics: support requests failed")
        return None
    return RequestsAfterReading(
        weeks=counts, total=sum(week.count for week in counts), listed=listed
    )
