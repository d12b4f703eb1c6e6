import pytest

from kb.feedback.gaps import GapKind, content_gaps, create_article_url
from tests import factories

pytestmark = pytest.mark.django_db


def test_popular_unanswered_forum_questions_are_gaps_with_a_create_link():
    from kb.forum import services
    from kb.forum.models import ForumSection

    section = ForumSection.objects.create(name="Billing", slug="billing")
    asker = factories.make_user("asker")
    topic = services.topic_create(
        author=asker,
        section=section,
        title="Can I pay by bank transfer?",
        body="Invoices?",
    )

    gaps = content_gaps(kinds=[GapKind.UNANSWERED])

    assert [gap.title for gap in gaps] == ["Can I pay by bank transfer?"]
    assert gaps[0].source_url == topic.get_absolute_url()
    assert gaps[0].fix_url == create_article_url(
        "Can I pay by bank transfer?", topic.get_absolute_url()
    )


def test_report_works_without_search_logs_or_forum():
    """Until kb.search.selectors has its log readers, the other gaps still come."""
    gaps = content_gaps()
    assert isinstance(gaps, list)


def test_searches_without_results_are_gaps_with_a_create_link():
    from kb.search import selectors

    if not hasattr(selectors, "queries_without_results"):
        pytest.skip("kb.search.selectors.queries_without_results is not written yet")
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    from kb.search.models import QueryDailyStats

    query = Query.get("export to pdf")
    QueryDailyStats.objects.create(
        query=query, date=timezone.localdate(), searches=7, results=0
    )

    gaps = content_gaps(kinds=[GapKind.NO_RESULTS])

    assert [gap.title for gap in gaps] == ["export to pdf"]
    assert gaps[0].fix_url == create_article_url(
        "export to pdf", "search without results"
    )


def test_searches_whose_results_nobody_opens_are_gaps():
    from kb.search import selectors

    if not hasattr(selectors, "queries_without_clicks"):
        pytest.skip("kb.search.selectors.queries_without_clicks is not written yet")
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    from kb.search.models import QueryDailyStats

    QueryDailyStats.objects.create(
        query=Query.get("invoice layout"),
        date=timezone.localdate(),
        searches=4,
        results=3,
    )

    gaps = content_gaps(kinds=[GapKind.NO_CLICKS])

    assert [gap.title for gap in gaps] == ["invoice layout"]
    assert "Searched 4 times" in gaps[0].detail


def test_dashboard_gaps_show_the_biggest_of_each_kind_first(category):
    import datetime

    from django.utils import timezone

    from kb.articles.models import ArticlePage
    from kb.feedback.gaps import top_gaps
    from kb.feedback.services import article_view_record, feedback_record

    for n in range(3):
        weak = factories.make_article(category, f"Weak {n}")
        for m in range(6 + n):
            feedback_record(article=weak, reader_key=f"c:{n}-{m}", helpful=False)
    stale = factories.make_article(category, "Stale but read")
    ArticlePage.objects.filter(pk=stale.pk).update(
        last_published_at=timezone.now() - datetime.timedelta(days=500)
    )
    for _ in range(20):
        article_view_record(article_page_id=stale.pk)

    titles = [gap.title for gap in top_gaps(limit=3)]

    assert titles == ["Stale but read", "Weak 2", "Weak 1"]


def _votes(article, helpful, not_helpful):
    from kb.feedback.services import feedback_record

    for n in range(helpful + not_helpful):
        feedback_record(
            article=article, reader_key=f"r{article.pk}-{n}", helpful=n < helpful
        )


def test_four_yes_and_one_no_is_not_least_helpful(category):
    _votes(factories.make_article(category, "Mostly fine"), 4, 1)
    assert content_gaps(kinds=[GapKind.LEAST_HELPFUL]) == []


def test_least_helpful_compares_with_the_sites_median(category):
    """On a site whose articles help 90 % of readers, one at 60 % over many votes
    is flagged; one at 80 % over five votes might be as good and is not."""
    for n in range(3):
        _votes(factories.make_article(category, f"Good {n}"), 45, 5)
    _votes(factories.make_article(category, "Worse than usual"), 30, 20)
    _votes(factories.make_article(category, "Too few votes to tell"), 4, 1)
    gaps = content_gaps(kinds=[GapKind.LEAST_HELPFUL])
    assert [gap.title for gap in gaps] == ["Worse than usual"]
    assert "the bar is 90%" in gaps[0].detail


def test_minimum_votes_setting_keeps_small_samples_out(category):
    from kb.feedback.models import FeedbackSettings

    _votes(factories.make_article(category, "Bad"), 0, 4)
    assert content_gaps(kinds=[GapKind.LEAST_HELPFUL]) == []  # default minimum 5
    options = FeedbackSettings(min_votes=3)
    gaps = content_gaps(kinds=[GapKind.LEAST_HELPFUL], site_settings=options)
    assert [gap.title for gap in gaps] == ["Bad"]


def test_gap_details_say_one_search_and_one_vote_in_the_singular():
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    from kb.forum import services
    from kb.forum.models import ForumSection
    from kb.search.models import QueryDailyStats

    QueryDailyStats.objects.create(
        query=Query.get("lost password"),
        date=timezone.localdate(),
        searches=1,
        results=0,
    )
    section = ForumSection.objects.create(name="Billing", slug="billing")
    topic = services.topic_create(
        author=factories.make_user("asker"),
        section=section,
        title="Refund by cheque?",
        body="Cheques?",
    )
    type(topic).objects.filter(pk=topic.pk).update(score=1)

    searched = content_gaps(kinds=[GapKind.NO_RESULTS])[0].detail
    unanswered = content_gaps(kinds=[GapKind.UNANSWERED])[0].detail

    assert searched == "Searched 1 time, nothing found"
    assert "1 vote," in unanswered and "1 votes" not in unanswered
