"""Readers who voted "No" or follow an article get one e-mail per significant
revision (opt-in), with a one-click unsubscribe, like the forum's threads."""

import pytest
from django.core import mail
from django.urls import reverse

from kb.feedback.following import unsubscribe_token
from kb.feedback.models import ArticleFollower, ArticleUpdateNotice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, home):
    user = factories.make_user("follower")
    client.force_login(user)
    return user


def publish(article, body):
    article.body = [("paragraph", body)]
    article.save_revision().publish()


def test_signed_in_reader_follows_after_voting_no(client, reader, article):
    client.post(reverse("feedback:vote", args=[article.pk]), {"helpful": "no"})
    html = client.get(article.url + "?feedback=no").content.decode()
    assert "E-mail me when this article is updated" in html
    response = client.post(reverse("feedback:follow", args=[article.pk]))
    assert response.status_code == 302
    assert ArticleFollower.objects.filter(article=article, user=reader).exists()
    client.post(reverse("feedback:follow", args=[article.pk]))  # a double submit
    assert ArticleFollower.objects.count() == 1
    html = client.get(article.url).content.decode()
    assert "You'll get an e-mail when this article is updated" in html


def test_anonymous_readers_are_asked_to_sign_in(client, article):
    response = client.post(reverse("feedback:follow", args=[article.pk]))
    assert response.status_code == 302 and "login" in response.url
    assert not ArticleFollower.objects.exists()


def test_a_significant_revision_sends_one_email_and_a_typo_fix_none(
    client, reader, article, django_capture_on_commit_callbacks
):
    ArticleFollower.objects.create(article=article, user=reader)
    original = article.body[0].value.source
    with django_capture_on_commit_callbacks(execute=True):
        publish(article, original.replace("instructions", "instruction"))
    assert ArticleUpdateNotice.objects.filter(sent=True).count() == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            article,
            "<p>Open Settings, choose Security, then Reset password. A code arrives "
            "by text message; type it in and choose a new password.</p>",
        )
    [message] = mail.outbox
    assert message.to == [reader.email]
    assert "Updated: Reset your password" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_the_share_of_changed_words_that_notifies_is_a_setting(
    reader, article, settings, django_capture_on_commit_callbacks
):
    ArticleFollower.objects.create(article=article, user=reader)
    original = article.body[0].value.source
    settings.KB_FOLLOWERS_NOTIFY_CHANGE = 0.001
    with django_capture_on_commit_callbacks(execute=True):
        publish(article, original.replace("instructions", "instruction"))
    assert len(mail.outbox) == 1

    settings.KB_FOLLOWERS_NOTIFY_CHANGE = 0.95
    with django_capture_on_commit_callbacks(execute=True):
        publish(article, "<p>Ask your workspace owner for a new password.</p>")
    assert len(mail.outbox) == 1


def test_one_click_unsubscribe_and_confirm_page(client, reader, article):
    follower = ArticleFollower.objects.create(article=article, user=reader)
    url = reverse("feedback:unsubscribe", args=[unsubscribe_token(follower)])
    client.logout()
    page = client.get(url)
    assert page.status_code == 200 and "Stop following this article?" in (
        page.content.decode()
    )
    assert ArticleFollower.objects.exists()  # a GET (a mail scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not ArticleFollower.objects.exists()


def test_forged_unsubscribe_link_is_a_400(client, home):
    response = client.get(reverse("feedback:unsubscribe", args=["forged"]))
    assert response.status_code == 400
    assert "This link doesn't work" in response.content.decode()
