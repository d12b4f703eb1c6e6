import datetime

import pytest
from django.utils import timezone

from kb.feedback.models import ArticleFeedback
from kb.feedback.selectors import article_trend, wilson_lower_bound
from kb.feedback.services import feedback_record


def test_wilson_ranks_many_good_votes_above_a_few_perfect_ones():
    assert wilson_lower_bound(95, 100) > wilson_lower_bound(3, 3)
    assert wilson_lower_bound(0, 0) == 0
    assert 0 < wilson_lower_bound(1, 2) < 0.5


@pytest.mark.django_db
def test_trend_counts_answers_by_week(article):
    today = datetime.date(2026, 11, 18)
    feedback_record(article=article, reader_key="c:1", helpful=True)
    feedback_record(article=article, reader_key="c:2", helpful=False)
    two_weeks_ago = timezone.make_aware(datetime.datetime(2026, 11, 4, 12))
    ArticleFeedback.objects.filter(reader_key="c:2").update(updated_at=two_weeks_ago)
    ArticleFeedback.objects.filter(reader_key="c:1").update(
        updated_at=timezone.make_aware(datetime.datetime(2026, 11, 17, 9))
    )

    trend = article_trend(article_page_id=article.pk, weeks=4, today=today)

    assert [(p.helpful, p.not_helpful) for p in trend] == [
        (0, 0),
        (0, 1),
        (0, 0),
        (1, 0),
    ]
    assert trend[-1].start == datetime.date(2026, 11, 16)
