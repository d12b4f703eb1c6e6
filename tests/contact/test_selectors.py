"""The self-service score and what came before requests."""

import datetime

from django.utils import timezone

from kb.contact import selectors
from kb.contact.models import ContactRequest, Visit, VisitEvent


def make_visit(at, *, request=False, opened=False, read=(), searched=()):
    visit = Visit.objects.create(visitor="h", started_at=at, last_seen_at=at)
    for page_id, title in read:
        VisitEvent.objects.create(
            visit=visit, kind="article", text=title, page_id=page_id, at=at
        )
    for query in searched:
        VisitEvent.objects.create(visit=visit, kind="search", text=query, at=at)
    if opened:
        VisitEvent.objects.create(visit=visit, kind="suggestion", text="A", at=at)
    if request:
        ContactRequest.objects.create(
            reference=f"R{visit.pk}",
            subject="s",
            description="d",
            email="a@example.com",
            visit=visit,
            created_at=at + datetime.timedelta(minutes=5),
        )
    return visit


def test_the_score_counts_visits_that_ended_without_a_request_per_week(db):
    monday = timezone.localtime().date() - datetime.timedelta(
        days=timezone.localtime().weekday() + 7
    )
    last_week = timezone.make_aware(
        datetime.datetime.combine(monday, datetime.time(10))
    )
    for _ in range(6):
        make_visit(last_week)
    make_visit(last_week, opened=True)  # a deflection
    make_visit(last_week, opened=True, request=True)  # opened, sent anyway
    make_visit(last_week, request=True)
    make_visit(last_week + datetime.timedelta(days=7))

    weeks = selectors.self_service_weeks(since=last_week - datetime.timedelta(hours=1))

    [week, this_week] = weeks
    assert week.start == monday
    assert (week.visits, week.visits_with_request, week.deflections) == (9, 2, 1)
    assert week.requests == 2
    assert week.score_percent == 77.8
    assert week.requests_per_1000 == 222.2
    assert (this_week.visits, this_week.score_percent) == (1, 100.0)


def test_a_week_without_visits_has_no_score_rather_than_a_division_by_zero(db):
    [week] = selectors.self_service_weeks(
        since=timezone.now() - datetime.timedelta(days=1)
    )[-1:]

    assert week.visits == 0
    assert week.score_percent is None and week.requests_per_1000 is None


def test_articles_and_searches_before_a_request_are_ranked_by_visits(db):
    now = timezone.now()
    make_visit(now, request=True, read=[(7, "Invoices")], searched=["refund"])
    make_visit(now, request=True, read=[(7, "Invoices"), (8, "Plans")])
    make_visit(now, read=[(8, "Plans")], searched=["refund"])  # no request

    articles = selectors.articles_read_before_request()
    searches = selectors.searches_before_request()

    assert [(a.page_id, a.text, a.requests) for a in articles] == [
        (7, "Invoices", 2),
        (8, "Plans", 1),
    ]
    assert [(s.text, s.requests) for s in searches] == [("refund", 1)]
