"""Helpfulness counted per translation, and the content gap of a translation
readers find less helpful than its source."""

import pytest

from kb.feedback.gaps import GapKind, content_gaps
from kb.feedback.models import ArticleFeedback
from kb.feedback.selectors import article_scores
from kb.feedback.services import feedback_record
from tests.feedback.conftest import BROWSER_UA
from tests.i18n.conftest import translate

pytestmark = pytest.mark.django_db


def _votes(article, helpful, not_helpful):
    for n in range(helpful + not_helpful):
        feedback_record(
            article=article, reader_key=f"r{article.pk}-{n}", helpful=n < helpful
        )


def test_a_vote_on_the_german_article_counts_for_the_german_article(
    client, article, german_article
):
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    html = client.get(german_article.url).content.decode()
    action = f"/de/feedback/articles/{german_article.pk}/vote/"
    assert f'action="{action}"' in html
    response = client.post(action, {"helpful": "yes"})
    assert response.status_code == 302
    assert response["Location"].startswith(german_article.url)
    vote = ArticleFeedback.objects.get()
    assert vote.article_page_id == german_article.pk
    scores = {s.article_page_id: s for s in article_scores()}
    assert scores[german_article.pk].helpful == 1
    assert article.pk not in scores


def test_translation_markedly_less_helpful_than_source_is_a_gap(
    article, german_article
):
    _votes(article, 27, 3)  # 90 % helpful
    _votes(german_article, 8, 12)  # 40 % helpful
    gaps = content_gaps(kinds=[GapKind.TRANSLATION_LESS_HELPFUL])
    assert len(gaps) == 1
    gap = gaps[0]
    assert gap.title == "Passwort zurücksetzen (Deutsch)"
    assert "40% of 20 readers found the Deutsch translation helpful" in gap.detail
    assert "90% of 30 for the source article" in gap.detail
    assert gap.fix_url == f"/admin/pages/{german_article.pk}/edit/"
    assert gap.impact == 12


def test_translation_about_as_helpful_as_source_is_no_gap(home, category, article):
    spanish_home = translate(home, "es", title="Centro de ayuda")  # noqa: F841
    translate(category, "es", title="Primeros pasos")
    spanish = translate(article, "es", title="Restablecer la contraseña", slug="c")
    _votes(article, 27, 3)  # 90 %
    _votes(spanish, 4, 1)  # 80 % on five votes: can't tell it's worse
    assert content_gaps(kinds=[GapKind.TRANSLATION_LESS_HELPFUL]) == []


def test_translation_gaps_appear_in_the_content_gaps_report(
    admin_client, article, german_article
):
    _votes(article, 27, 3)
    _votes(german_article, 5, 15)
    response = admin_client.get("/admin/feedback/gaps/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Translation less helpful than source" in html
    assert "Passwort zurücksetzen (Deutsch)" in html
