"""Per-article analytics on the article's feedback page: views per week (chart and
table), the searches that led readers to it, helpfulness and reasons."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query

from kb.feedback.analytics import article_search_terms, article_weekly_views
from kb.feedback.services import article_view_record
from kb.search.models import SearchClick
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 3)  # a Wednesday


def click(article, query, day):
    SearchClick.objects.create(
        query=Query.get(query),
        date=day,
        kind="article",
        object_id=str(article.pk),
        url="/x/",
        title=article.title,
        rank=1,
    )


def test_views_are_summed_per_week_with_the_current_week_last(article):
    for day, count in [
        (TODAY, 2),
        (TODAY - datetime.timedelta(days=2), 3),
        (TODAY - datetime.timedelta(days=3), 4),
        (TODAY - datetime.timedelta(weeks=20), 9),
    ]:
        for _ in range(count):
            article_view_record(article_page_id=article.pk, day=day)
    points = article_weekly_views(article_page_id=article.pk, weeks=4, today=TODAY)
    assert [p.start for p in points][-1] == datetime.date(2026, 6, 1)
    assert [p.views for p in points] == [0, 0, 4, 5]


def test_search_terms_that_led_to_the_article_most_clicked_first(article):
    click(article, "reset password", TODAY)
    click(article, "reset password", TODAY)
    click(article, "forgot login", TODAY)
    click(article, "ancient", TODAY - datetime.timedelta(days=400))
    terms = article_search_terms(
        article_page_id=article.pk, since=TODAY - datetime.timedelta(days=30)
    )
    assert terms == [("reset password", 2), ("forgot login", 1)]


def test_feedback_page_shows_views_chart_and_search_terms(editor_client, article):
    with time_machine.travel(datetime.datetime(2026, 6, 3, 12, tzinfo=datetime.UTC)):
        for _ in range(3):
            article_view_record(article_page_id=article.pk)
        click(article, "reset password", TODAY)
        html = editor_client.get(
            reverse("feedback_admin:article", args=[article.pk])
        ).content.decode()
    assert "3 views in the last 12 weeks" in html
    assert 'aria-labelledby="views-title"' in html and "3 views" in html
    assert "Searches that led here" in html and "reset password" in html


def _visit_that_read_then_wrote(article, reference, *, at):
    from kb.contact.models import ContactRequest, Visit, VisitEvent

    visit = Visit.objects.create(visitor="h", started_at=at, last_seen_at=at)
    VisitEvent.objects.create(
        visit=visit, kind="article", text=article.title, page_id=article.pk, at=at
    )
    return ContactRequest.objects.create(
        reference=reference,
        subject=f"Still stuck ({reference})",
        description="The steps did not help.",
        email="ann@example.com",
        visit=visit,
        created_at=at + datetime.timedelta(minutes=3),
    )


def test_feedback_page_counts_requests_sent_after_reading_and_links_them_for_support(
    client, editor_client, article
):
    from kb.contact.models import ContactRequest

    now = datetime.datetime(2026, 6, 3, 12, tzinfo=datetime.UTC)
    first = _visit_that_read_then_wrote(article, "READ2345", at=now)
    _visit_that_read_then_wrote(
        article, "READ3456", at=now - datetime.timedelta(days=1)
    )
    ContactRequest.objects.create(  # a request from a visit that never read it
        reference="OTHR2345",
        subject="Unrelated",
        description="d",
        email="b@example.com",
    )
    url = reverse("feedback_admin:article", args=[article.pk])

    with time_machine.travel(now + datetime.timedelta(hours=1)):
        editor_html = editor_client.get(url).content.decode()
        client.force_login(
            factories.make_user("lead", is_staff=True, is_superuser=True)
        )
        support_html = client.get(url).content.decode()

    assert "Support requests sent after reading it" in editor_html
    assert "2 requests in the last 12 weeks" in editor_html
    assert "READ2345" not in editor_html  # customers' subjects are support's to see
    assert "2 requests in the last 12 weeks" in support_html
    inspect = reverse("contact_requests:inspect", args=[first.pk])
    assert f'<a href="{inspect}">READ2345: Still stuck (READ2345)</a>' in support_html
    assert "READ3456" in support_html and "OTHR2345" not in support_html
