"""The unsubscribe link of the forum's notification e-mails: a GET only asks, the
member's confirmation or the mail provider's RFC 8058 one-click POST unsubscribes."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kb.forum import services
from kb.forum.models import Subscription


@pytest.fixture
def unsubscribe_url(topic, asker, helper, django_capture_on_commit_callbacks):
    """The link from the e-mail the asker got about a new answer."""
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body="Try the share menu.")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert (
        mail.outbox[0].extra_headers["List-Unsubscribe-Post"]
        == "List-Unsubscribe=One-Click"
    )
    mail.outbox.clear()
    return header[1:-1]


def still_mailed(topic, helper, capture) -> bool:
    with capture(execute=True):
        services.answer_create(author=helper, topic=topic, body="Another answer here.")
    return any(message.to == ["asker@example.com"] for message in mail.outbox)


def test_opening_the_link_asks_first_and_changes_nothing(
    topic, asker, helper, unsubscribe_url, django_capture_on_commit_callbacks
):
    response = Client().get(unsubscribe_url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Stop following this thread?" in html and topic.title in html
    assert '<form method="post">' in html and "csrfmiddlewaretoken" in html
    assert Subscription.objects.filter(topic=topic, user=asker).exists()
    assert still_mailed(topic, helper, django_capture_on_commit_callbacks)


def test_the_confirm_button_unsubscribes(
    topic, asker, helper, unsubscribe_url, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(unsubscribe_url)
    csrf_token = page.context["csrf_token"]
    assert Subscription.objects.filter(topic=topic, user=asker).exists()

    response = browser.post(unsubscribe_url, {"csrfmiddlewaretoken": str(csrf_token)})

    assert response.status_code == 200
    assert "You're unsubscribed" in response.content.decode()
    assert not still_mailed(topic, helper, django_capture_on_commit_callbacks)
    again = browser.get(unsubscribe_url)  # a second visit is harmless
    assert again.status_code == 200 and "You're unsubscribed" in again.content.decode()


def test_a_confirm_post_from_another_site_is_refused(topic, asker, unsubscribe_url):
    response = Client(enforce_csrf_checks=True).post(unsubscribe_url, {})

    assert response.status_code == 403
    assert Subscription.objects.filter(topic=topic, user=asker).exists()


def test_the_mail_providers_one_click_post_unsubscribes_without_cookie_or_token(
    topic, asker, helper, unsubscribe_url, django_capture_on_commit_callbacks
):
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url, {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert not Subscription.objects.filter(topic=topic, user=asker).exists()
    assert not still_mailed(topic, helper, django_capture_on_commit_callbacks)


def test_a_forged_link_is_refused(topic, asker, unsubscribe_url):
    subscription = Subscription.objects.get(topic=topic, user=asker)
    forged = reverse(
        "forum:unsubscribe",
        kwargs={"token": f"{subscription.pk}:{asker.pk}:not-a-signature"},
    )
    client = Client(enforce_csrf_checks=True)

    assert client.get(forged).status_code == 400
    one_click = client.post(forged, {"List-Unsubscribe": "One-Click"})
    tampered = client.post(
        unsubscribe_url[:-5] + "xxxx/", {"List-Unsubscribe": "One-Click"}
    )

    assert one_click.status_code == 400 and tampered.status_code == 400
    assert Subscription.objects.filter(topic=topic, user=asker).exists()
