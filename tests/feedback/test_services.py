import datetime

import pytest
from django.utils import timezone

from kb.feedback.models import ArticleDailyViews, ArticleFeedback
from kb.feedback.selectors import article_score
from kb.feedback.services import (
    article_score_reset,
    article_view_record,
    clean_comment,
    feedback_record,
    feedback_resolve,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_voting_again_changes_the_vote_instead_of_adding_one(article):
    feedback_record(article=article, reader_key="c:abc", helpful=True)
    feedback_record(article=article, reader_key="c:abc", helpful=False)

    assert ArticleFeedback.objects.count() == 1
    assert ArticleFeedback.objects.get().helpful is False


def test_different_readers_each_get_their_own_vote(article):
    feedback_record(article=article, reader_key="c:one", helpful=True)
    feedback_record(article=article, reader_key="c:two", helpful=False)

    score = article_score(article_page_id=article.pk)
    assert (score.helpful, score.not_helpful) == (1, 1)


def test_second_no_keeps_reasons_and_yes_clears_them(article):
    feedback_record(
        article=article,
        reader_key="c:r",
        helpful=False,
        reasons=["outdated"],
        comment="Screens changed",
    )
    again = feedback_record(article=article, reader_key="c:r", helpful=False)
    assert again.reasons == ["outdated"]
    assert again.comment == "Screens changed"

    changed = feedback_record(article=article, reader_key="c:r", helpful=True)
    assert changed.reasons == []
    assert changed.comment == ""


def test_unknown_reason_is_refused(article):
    with pytest.raises(ValueError):
        feedback_record(
            article=article, reader_key="c:r", helpful=False, reasons=["spam"]
        )
    assert not ArticleFeedback.objects.exists()


def test_comment_is_plain_text_and_cut_to_the_limit():
    assert clean_comment("<b>Bold</b> <script>x</script>claim") == "Bold xclaim"
    assert len(clean_comment("a" * 5000)) == 1000


def test_resolving_records_who_and_when_and_a_changed_comment_reopens(article):
    editor = make_user("editor")
    item = feedback_record(
        article=article, reader_key="c:r", helpful=False, reasons=[], comment="Typo"
    )
    feedback_resolve(feedback=item, user=editor)
    item.refresh_from_db()
    assert item.resolved_by == editor and item.resolved_at is not None

    feedback_record(
        article=article, reader_key="c:r", helpful=False, comment="Another typo"
    )
    item.refresh_from_db()
    assert item.resolved_at is None


def test_score_reset_counts_only_later_votes_but_keeps_history(article):
    feedback_record(article=article, reader_key="c:old", helpful=False)
    article_score_reset(article_page_id=article.pk, note="rewritten")
    feedback_record(article=article, reader_key="c:new", helpful=True)

    score = article_score(article_page_id=article.pk)
    assert (score.helpful, score.not_helpful) == (1, 0)
    assert ArticleFeedback.objects.count() == 2


def test_an_old_reader_voting_after_a_reset_counts_again(article):
    feedback_record(article=article, reader_key="c:r", helpful=False)
    article_score_reset(article_page_id=article.pk)
    feedback_record(article=article, reader_key="c:r", helpful=True)

    score = article_score(article_page_id=article.pk)
    assert (score.helpful, score.not_helpful) == (1, 0)


def test_feedback_of_a_deleted_article_is_kept_with_its_title(article):
    feedback_record(article=article, reader_key="c:r", helpful=False, comment="Wrong")
    page_id = article.pk
    article.delete()

    item = ArticleFeedback.objects.get()
    assert item.article is None
    assert item.article_page_id == page_id
    assert item.article_title == "Reset your password"
    assert article_score(article_page_id=page_id).not_helpful == 1


def test_views_are_counted_per_article_and_day(article):
    today = timezone.localdate()
    for _ in range(3):
        article_view_record(article_page_id=article.pk, day=today)
    article_view_record(
        article_page_id=article.pk, day=today - datetime.timedelta(days=1)
    )

    assert (
        ArticleDailyViews.objects.get(article_page_id=article.pk, date=today).views == 3
    )
    assert ArticleDailyViews.objects.count() == 2
