"""Reads for contact: a visit's context, suggestions, the self-service score and
what came before requests (for the content-gap report)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from kb.search.selectors import site_search

from ..models import ContactCategory, ContactRequest, Visit, VisitEvent

SUGGESTION_LIMIT = 5
SUGGESTION_MIN_LENGTH = 3
SUGGESTION_QUERY_WORDS = 30  # the subject, then the description's first words
SCORE_WEEKS = 12


def _articles_read(events) -> list[dict]:
    """Each article once, in the order first read, with the first search it was
    opened from (an article read again from another search is one more event)."""
    articles = {}
    for event in events:
        if event.kind != VisitEvent.Kind.ARTICLE:
            continue
        article = articles.setdefault(
            event.page_id,
            {"title": event.text, "url": event.url, "page_id": event.page_id},
        )
        if event.search_query and "search" not in article:
            article["search"] = event.search_query
    return list(articles.values())


def visit_context(visit: Visit) -> dict:
    """What a visit searched, read and answered before now, for the agent."""
    events = list(visit.events.order_by("at", "pk"))
    return {
        "searches": [e.text for e in events if e.kind == VisitEvent.Kind.SEARCH],
        "articles": _articles_read(events),
        "threads": [
            {"title": e.text, "url": e.url}
            for e in events
            if e.kind == VisitEvent.Kind.THREAD
        ],
        "feedback": [
            {"title": e.text, "helpful": e.helpful, "page_id": e.page_id}
            for e in events
            if e.kind == VisitEvent.Kind.FEEDBACK
        ],
        "suggestions": [
            {"title": e.text, "url": e.url}
            for e in events
            if e.kind == VisitEvent.Kind.SUGGESTION
        ],
    }


def suggestion_query(subject: str, description: str = "") -> str:
    words = f"{subject} {description}".replace("\x00", " ").split()
    return " ".join(words[:SUGGESTION_QUERY_WORDS])


def suggestions(*, subject: str, description: str = "") -> list[dict]:
    """Articles and threads from the site search that may answer the request."""
    query = suggestion_query(subject, description)
    if len(query) < SUGGESTION_MIN_LENGTH:
        return []
    outcome = site_search(query=query, limit=SUGGESTION_LIMIT, correct=False)
    results, seen = [], set()
    for hit in [*outcome.picks, *outcome.hits]:
        if hit.url and hit.url not in seen:
            seen.add(hit.url)
            results.append(
                {
                    "title": hit.title,
                    "url": hit.url,
                    "kind": hit.kind,
                    "kind_label": hit.kind_label,
                    "answered": hit.answered,
                    "page_id": getattr(hit.object, "pk", None)
                    if hit.kind == "article"
                    else None,
                }
            )
    return results[:SUGGESTION_LIMIT]


def categories():
    return ContactCategory.objects.all()


def support_address(category: ContactCategory | None) -> str:
    if category is not None and category.email:
        return category.email
    return settings.KB_SUPPORT_EMAIL


def request_list():
    return ContactRequest.objects.select_related("category", "user")


@dataclass
class ScoreWeek:
    start: datetime.date
    visits: int
    visits_with_request: int
    deflections: int
    requests: int

    @property
    def self_served(self) -> int:
        return self.visits - self.visits_with_request

    @property
    def score_percent(self) -> float | None:
        if not self.visits:
            return None
        return round(100 * self.self_served / self.visits, 1)

    @property
    def requests_per_1000(self) -> float | None:
        if not self.visits:
            return None
        return round(1000 * self.requests / self.visits, 1)



def _week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _visits_with_flags():
    has_request = ContactRequest.objects.filter(visit=OuterRef("pk"))
    opened = VisitEvent.objects.filter(
        visit=OuterRef("pk"), kind=VisitEvent.Kind.SUGGESTION
    )
    return Visit.objects.annotate(
        has_request=Exists(has_request), opened_suggestion=Exists(opened)
    )


def self_service_weeks(*, since=None, until=None) -> list[ScoreWeek]:
    """Per week (Monday first): visits, those that ended with a request, deflections
    (a suggestion opened and no request sent in the visit) and requests.

    Weeks without visits are shown too, so the chart has no holes.
    """
    until = until or timezone.now()
    since = since or until - datetime.timedelta(weeks=SCORE_WEEKS)
    visit_rows = (
        _visits_with_flags()
        .filter(started_at__gte=since, started_at__lt=until)
        .annotate(week=TruncWeek("started_at"))
        .values("week")
        .annotate(
            visits=Count("pk"),
            with_request=Count("pk", filter=Q(has_request=True)),
            deflections=Count(
                "pk", filter=Q(opened_suggestion=True, has_request=False)
            ),
        )
    )
    request_rows = (
        ContactRequest.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(requests=Count("pk"))
    )

    def day(value):
        return value.date() if isinstance(value, datetime.datetime) else value

    by_week = {day(row["week"]): row for row in visit_rows}
    requests = {day(row["week"]): row["requests"] for row in request_rows}
    weeks = []
    start = _week_start(timezone.localtime(since).date())
    last = timezone.localtime(until).date()
    while start <= last:
        row = by_week.get(start, {})
        weeks.append(
            ScoreWeek(
                start=start,
                visits=row.get("visits", 0),
                visits_with_request=row.get("with_request", 0),
                deflections=row.get("deflections", 0),
                requests=requests.get(start, 0),
            )
        )
        start += datetime.timedelta(weeks=1)
    return weeks


def self_service_summary(*, days: int = 30) -> ScoreWeek:
    """The score over the last `days` (for the dashboard), as one period."""
    since = timezone.now() - datetime.timedelta(days=days)
    weeks = self_service_weeks(since=since)
    return ScoreWeek(
        start=timezone.localtime(since).date(),
        visits=sum(w.visits for w in weeks),
        visits_with_request=sum(w.visits_with_request for w in weeks),
        deflections=sum(w.deflections for w in weeks),
        requests=sum(w.requests for w in weeks),
    )


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
        BeforeRequest(text=titles.get(r["page_id"], ""), page_id=r["page_id"],
                      requests=r["requests"])
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


def requests_visible_to(user) -> bool:
    """Whether the user may see support requests (their subjects are customers')."""
    from ..admin_views import permission_policy

    return permission_policy.user_has_any_permission(user, ["view", "change"])
