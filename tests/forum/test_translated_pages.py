"""The community in the reader's language: plurals, times, refusals and form errors."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation

from kb.forum import moderation, services
from kb.forum.models import Topic

pytestmark = pytest.mark.django_db


def test_thread_list_counts_with_spanish_plurals_and_times(client, topic, helper):
    services.answer_create(
        author=helper, topic=topic, body="Open the project, then Share and Invite."
    )
    Topic.objects.filter(pk=topic.pk).update(
        last_activity_at=timezone.now() - timedelta(hours=3)
    )

    with translation.override("es"):
        html = client.get("/es/community/topics/").content.decode()

    assert "<strong>0</strong> votos" in html
    assert "<strong>1</strong> respuesta" in html
    assert "preguntado por asker" in html
    assert "hace 3\xa0horas" in html


def test_thread_page_in_german_counts_answers_and_invites_to_log_in(client, topic):
    with translation.override("de"):
        html = client.get(topic.get_absolute_url()).content.decode()

    assert '<h2 id="answers-title">0 Antworten</h2>' in html
    assert "Melden Sie sich an</a> oder" in html


def test_a_too_short_title_is_refused_in_german(client, section, asker):
    client.force_login(asker)

    with translation.override("de"):
        response = client.post(
            "/de/community/ask/",
            {
                "section": section.pk,
                "title": "Hilfe",
                "body": "Ich komme nicht weiter.",
            },
        )

    assert response.status_code == 400
    assert "Der Titel braucht mindestens 8 Zeichen." in response.content.decode()


def test_a_refusal_from_a_service_is_german(client, topic, asker):
    """Voting on your own question is refused with the service's own words."""
    question = topic.posts.get(is_question=True)
    client.force_login(asker)

    with translation.override("de"):
        response = client.post(f"/de/community/p/{question.pk}/vote/")

    assert response.status_code == 403
    assert (
        "Sie können Ihren eigenen Beitrag nicht bewerten." in response.content.decode()
    )


def test_notifications_speak_the_readers_language(
    client, topic, helper, asker, moderator
):
    """Written when they are shown: the same notification in English and German,
    a moderator's decision too."""
    services.answer_create(author=helper, topic=topic, body="Use Share, then Invite.")
    question = topic.posts.get(is_question=True)
    moderation.post_hide(moderator=moderator, post=question)
    client.force_login(asker)

    english = client.get("/community/notifications/").content.decode()
    german = client.get("/de/community/notifications/").content.decode()

    assert f"helper answered “{topic.title}”" in english
    assert f"helper hat auf „{topic.title}“ geantwortet" in german
    assert f"A moderator hid your post in “{topic.title}”." in english
    assert f"Ein Moderator hat Ihren Beitrag in „{topic.title}“ ausgeblendet." in german


def test_a_member_who_signs_in_in_german_gets_german_mail(
    client, topic, helper, asker, django_capture_on_commit_callbacks
):
    """The worker has no request to take a language from: it writes in the
    language the member last signed in with."""
    EmailAddress.objects.create(
        user=asker, email=asker.email, verified=True, primary=True
    )
    client.post(
        "/de/accounts/login/", {"login": "asker", "password": "pw-for-tests-only"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body="Share, then Invite.")
    [message] = mail.outbox

    assert message.subject.endswith(f"Neue Antwort: {topic.title}")
    assert f"helper hat auf „{topic.title}“ geantwortet" in message.body
    assert f"/de/community/t/{topic.pk}/" in message.body


def test_a_member_who_never_chose_a_language_gets_mail_in_the_sites(
    topic, helper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body="Share, then Invite.")
    [message] = mail.outbox

    assert message.subject.endswith(f"New answer: {topic.title}")
    assert f"helper answered “{topic.title}”" in message.body
