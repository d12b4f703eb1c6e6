"""The self-service score: per week, the visits that needed no support request."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..models import ContactRequest, Visit, VisitEvent

SCORE_WEEKS = 12


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
