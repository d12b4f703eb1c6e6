"""Search-log reports, for the admin reports and the feedback app's content-gap
report."""

# Each returns Wagtail `Query` rows annotated with `searches` (distinct visitors),
# `results` (the most results seen in the period), `clicks` (on result pages),
# `click_through` (clicks per search) and `average_rank` (of clicked results).
# `language` limits each to searches made in one reader's language ("de": what
# German readers searched; without results, it is a translation gap).


def _logged_queries(*, since=None, until=None, language=None):
    from django.db.models import (
        Avg,
        Count,
        ExpressionWrapper,
        F,
        FloatField,
        IntegerField,
        Max,
        OuterRef,
        Q,
        Subquery,
        Sum,
        Value,
    )
    from django.db.models.functions import Cast, Coalesce, NullIf
    from wagtail.contrib.search_promotions.models import Query

    from ..models import ClickSource, SearchClick

    in_period = Q()
    click_filter = {"query": OuterRef("pk"), "source": ClickSource.RESULTS}
    if since is not None:
        in_period &= Q(kb_daily_stats__date__gte=since)
        click_filter["date__gte"] = since
    if until is not None:
        in_period &= Q(kb_daily_stats__date__lte=until)
        click_filter["date__lte"] = until
    if language:
        in_period &= Q(kb_daily_stats__language=language)
        click_filter["language"] = language
    clicks = SearchClick.objects.filter(**click_filter).order_by().values("query")
    click_count = clicks.annotate(n=Count("id")).values("n")
    click_rank = clicks.annotate(a=Avg("rank")).values("a")
    searches = Sum("kb_daily_stats__searches", filter=in_period)
    return (
        Query.objects.filter(in_period)
        .annotate(
            searches=Coalesce(searches, Value(0)),
            results=Coalesce(
                Max("kb_daily_stats__results", filter=in_period), Value(0)
            ),
            clicks=Coalesce(
                Subquery(click_count, output_field=IntegerField()), Value(0)
            ),
            average_rank=Subquery(click_rank, output_field=FloatField()),
        )
        .filter(searches__gt=0)
        .annotate(
            click_through=ExpressionWrapper(
                Cast(F("clicks"), FloatField())
                / NullIf(Cast(F("searches"), FloatField()), Value(0.0)),
                output_field=FloatField(),
            )
        )
    )


def top_queries(*, since=None, until=None, language=None):
    """Queries by number of searches in the period (dates inclusive), most first."""
    return _logged_queries(since=since, until=until, language=language).order_by(
        "-searches", "query_string"
    )


def queries_without_results(*, since=None, until=None, language=None):
    """Queries that found nothing (likely missing content), most searched first."""
    return (
        _logged_queries(since=since, until=until, language=language)
        .filter(results=0)
        .order_by("-searches", "query_string")
    )


def queries_without_clicks(*, since=None, until=None, language=None):
    """Queries that found results nobody opened (likely poor content), most first."""
    return (
        _logged_queries(since=since, until=until, language=language)
        .filter(results__gt=0, clicks=0)
        .order_by("-searches", "query_string")
    )


def search_summary(*, since=None, until=None, language=None) -> dict:
    """Totals for the period (and language): searches, clicks, click-through
    rate, average rank."""
    from django.db.models import Avg, Count, Sum

    from ..models import ClickSource, QueryDailyStats, SearchClick

    stats = QueryDailyStats.objects.all()
    clicks = SearchClick.objects.filter(source=ClickSource.RESULTS)
    if since is not None:
        stats, clicks = stats.filter(date__gte=since), clicks.filter(date__gte=since)
    if until is not None:
        stats, clicks = stats.filter(date__lte=until), clicks.filter(date__lte=until)
    if language:
        stats = stats.filter(language=language)
        clicks = clicks.filter(language=language)
    searches = stats.aggregate(n=Sum("searches"))["n"] or 0
    no_results = stats.filter(results=0).aggregate(n=Sum("searches"))["n"] or 0
    click_stats = clicks.aggregate(n=Count("id"), rank=Avg("rank"))
    return {
        "searches": searches,
        "searches_without_results": no_results,
        "clicks": click_stats["n"],
        "click_through": (click_stats["n"] / searches) if searches else None,
        "average_rank": click_stats["rank"],
    }
