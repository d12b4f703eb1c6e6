"""What visits read and searched before they sent a support request (for the
content-gap report, an article's feedback page and its review evidence)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef

from ..models import ContactRequest, VisitEvent
from .support_requests import request_list


@dataclass
class BeforeRequest:
    text: str
    page_id: int | None
    requests: int
    url: str = ""


def _events_before_requests(kind, since, until):
    """Events of `kind` in visits that sent a request, before the request was sent."""
    requests = ContactRequest.objects.filter(visit=OuterRef("visit"))
    if since:
        requests = requests.filter(created_at__gte=since)
    if until:
        requests = requests.filter(created_at__lt=until)
    sent_after = requests.filter(created_at__gte=OuterRef("at"))
    return VisitEvent.objects.filter(kind=kind).filter(Exists(sent_after))


def articles_read_before_request(*, since=None, until=None, limit=50):
    """Articles read in visits before they sent a request, most such visits first."""
    rows = (
        _events_before_requests(VisitEvent.Kind.ARTICLE, since, until)
        .values("page_id")
        .annotate(requests=Count("visit", distinct=True))
        .order_by("-requests", "page_id")[:limit]
    )
    titles = dict(
        VisitEvent.objects.filter(
            kind=VisitEvent.Kind.ARTICLE, page_id__in=[r["page_id"] for r in rows]
        ).values_list("page_id", "text")
    )
    return [
        BeforeRequest(
            text=titles.get(r["page_id"], ""),
            page_id=r["page_id"],
            requests=r["requests"],
        )
        for r in rows
    ]


def threads_read_before_request(*, since=None, until=None, limit=50):
    """Forum threads read in visits before they sent a request, most such visits
    first; a thread is known by its short address, which outlives a new title."""
    rows = (
        _events_before_requests(VisitEvent.Kind.THREAD, since, until)
        .values("url")
        .annotate(requests=Count("visit", distinct=True), last=Max("pk"))
        .order_by("-requests", "url")[:limit]
    )
    titles = dict(
        VisitEvent.objects.filter(pk__in=[r["last"] for r in rows]).values_list(
            "pk", "text"
        )
    )
    return [
        BeforeRequest(
            text=titles.get(r["last"], ""),
            page_id=None,
            requests=r["requests"],
            url=r["url"],
        )
        for r in rows
    ]


def searches_before_request(*, since=None, until=None, limit=50):
    """Queries searched in visits that then sent a request, most such visits first."""
    rows = (
        _events_before_requests(VisitEvent.Kind.SEARCH, since, until)
        .values("text")
        .annotate(requests=Count("visit", distinct=True))
        .order_by("-requests", "text")[:limit]
    )
    return [
        BeforeRequest(text=r["text"], page_id=None, requests=r["requests"])
        for r in rows
    ]


def requests_after_reading(*, article_page_id: int, since=None):
    """Support requests sent in a visit after it read the article, newest first."""
    read_before = VisitEvent.objects.filter(
        visit=OuterRef("visit"),
        kind=VisitEvent.Kind.ARTICLE,
        page_id=article_page_id,
        at__lte=OuterRef("created_at"),
    )
    requests = request_list().filter(Exists(read_before))
    if since is not None:
        requests = requests.filter(created_at__gte=since)
    return requests


@dataclass
class SearchThenRequest:
    """A visit opened an article from the site's search, then sent a request."""

    page_id: int
    visit_id: int
    query: str
    sent_at: datetime.datetime


def searches_on_article_then_request(*, since) -> list[SearchThenRequest]:
    """Each request sent since `since` after its visit opened an article from the
    site's search, once per article the visit opened that way (its first search)."""
    sent = {}
    for visit_id, created_at in (
        ContactRequest.objects.filter(created_at__gte=since, visit__isnull=False)
        .order_by("created_at")
        .values_list("visit_id", "created_at")
    ):
        sent.setdefault(visit_id, []).append(created_at)
    landings = (
        VisitEvent.objects.filter(
            kind=VisitEvent.Kind.ARTICLE,
            page_id__isnull=False,
            visit_id__in=ContactRequest.objects.filter(created_at__gte=since).values(
                "visit_id"
            ),
        )
        .exclude(search_query="")
        .order_by("at", "pk")
        .values_list("page_id", "visit_id", "search_query", "at")
    )
    rows, seen = [], set()
    for page_id, visit_id, query, at in landings:
        if (page_id, visit_id) in seen:
            continue
        after = [moment for moment in sent.get(visit_id, []) if moment >= at]
        if after:
            seen.add((page_id, visit_id))
            rows.extend(
                SearchThenRequest(page_id, visit_id, query, moment) for moment in after
            )
    return rows
