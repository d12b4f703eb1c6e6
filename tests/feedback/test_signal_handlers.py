import pytest

from kb.feedback.models import ArticleFeedbackState
from kb.feedback.selectors import article_score
from kb.feedback.services import feedback_record

pytestmark = pytest.mark.django_db

ORIGINAL = (
    "<p>Open Settings, choose Security and press Reset password. We send a link to "
    "your e-mail address; open it within an hour and choose a new password.</p>"
)


def publish(article, body_html, title=None):
    article.refresh_from_db()
    if title:
        article.title = title
    article.body = [("paragraph", body_html)]
    revision = article.save_revision()
    revision.publish()
    return revision


def test_a_substantial_revision_restarts_the_score_and_keeps_old_votes(article):
    publish(article, ORIGINAL)
    feedback_record(article=article, reader_key="c:old", helpful=False)

    revision = publish(
        article,
        "<p>Passwords are gone: sign in with a passkey from your phone instead. "
        "Scan the QR code shown on the login screen and confirm with your "
        "fingerprint.</p>",
    )

    state = ArticleFeedbackState.objects.get(article_page_id=article.pk)
    assert state.baseline_revision == revision
    assert "Substantial revision" in state.reset_note
    assert article_score(article_page_id=article.pk).total == 0


def test_a_small_correction_keeps_the_score(article):
    publish(article, ORIGINAL)
    since = ArticleFeedbackState.objects.get(article_page_id=article.pk).score_since
    feedback_record(article=article, reader_key="c:old", helpful=False)

    publish(article, ORIGINAL.replace("within an hour", "within two hours"))

    state = ArticleFeedbackState.objects.get(article_page_id=article.pk)
    assert state.score_since == since
    assert article_score(article_page_id=article.pk).not_helpful == 1


def test_the_first_publication_does_not_restart_anything(category):
    from tests.factories import make_article

    article = make_article(category, "Brand new")

    assert not ArticleFeedbackState.objects.filter(article_page_id=article.pk).exists()
