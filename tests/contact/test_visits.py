"""A visit: one browser's stretch of activity, kept without its address."""

import datetime

from django.utils import timezone

from kb.contact.models import Visit, VisitEvent
from kb.contact.visits import VISIT_COOKIE


def test_an_article_read_starts_a_visit_that_later_pages_continue(customer, article):
    customer.get(article.url)
    customer.get("/search/", {"q": "password"})
    customer.get(article.url)

    visit = Visit.objects.get()
    assert [(e.kind, e.text) for e in visit.events.all()] == [
        ("article", article.title),
        ("search", "password"),
    ]
    assert "." not in visit.visitor and len(visit.visitor) == 32  # a hash, no address
    assert customer.cookies[VISIT_COOKIE]["httponly"]


def test_a_visit_idle_for_half_an_hour_has_ended(customer, article):
    customer.get(article.url)
    Visit.objects.update(last_seen_at=timezone.now() - datetime.timedelta(minutes=31))

    customer.get(article.url)

    assert Visit.objects.count() == 2


def test_crawlers_start_no_visit(client, article):
    client.get(article.url, HTTP_USER_AGENT="Googlebot/2.1")
    client.get("/search/", {"q": "password"}, HTTP_USER_AGENT="curl/8.0")

    assert Visit.objects.count() == 0


def test_a_forged_visit_cookie_starts_a_new_visit(customer, article):
    customer.cookies[VISIT_COOKIE] = "1"

    customer.get(article.url)

    visit = Visit.objects.get()
    assert visit.events.get().kind == VisitEvent.Kind.ARTICLE


def test_visits_older_than_a_year_are_pruned_but_requests_keep_their_context(db):
    from kb.contact.jobs import prune_old_visits
    from kb.contact.models import ContactRequest

    old = timezone.now() - datetime.timedelta(days=401)
    stale = Visit.objects.create(visitor="h", started_at=old, last_seen_at=old)
    VisitEvent.objects.create(visit=stale, kind="search", text="refund", at=old)
    recent = Visit.objects.create(visitor="h")
    ContactRequest.objects.create(
        reference="OLD23456",
        subject="s",
        description="d",
        email="a@example.com",
        visit=stale,
        context={"searches": ["refund"]},
    )

    prune_old_visits.call()

    assert list(Visit.objects.all()) == [recent]
    assert ContactRequest.objects.get().context == {"searches": ["refund"]}
