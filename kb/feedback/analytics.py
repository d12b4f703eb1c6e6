"""Reads for one article's analytics page: views per week and the searches that
led readers to it (helpfulness and reasons come from kb.feedback.selectors)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from .models import ArticleDailyViews


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
