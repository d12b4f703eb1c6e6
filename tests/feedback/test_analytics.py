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
