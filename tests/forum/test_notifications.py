"""The notification inbox (bell with unread count) and the e-mail members choose
for each kind: at once, in a daily digest, or never."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from kb.forum import moderation, notifications, services
from kb.forum.models import Notification
from kb.forum.notifications import Delivery, Kind
from tests import factories


@pytest.fixture(autouse=True)
def site_mail_settings(settings):
    settings.WAGTAIL_SITE_NAME = "Acme Help Center"


def bell(client) -> str:
    """The header's notifications link as the member sees it."""
    page = client.get(reverse("forum:index")).content.decode()
    return re.search(r'<a class="bell"[^>]*>(.*?)</a>', page, re.S).group(1)


def kinds_for(user):
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", flat=True)
    )


def test_answers_comments_accepts_mentions_and_moderation_reach_the_inbox(
    topic, asker, helper, moderator, django_capture_on_commit_callbacks
):
    factories.make_user("carol")
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_create(
            author=helper, topic=topic, body="Ask @carol, she set this up last week."
        )
        services.comment_create(author=asker, post=answer, body="Thanks, trying it.")
        services.answer_accept(user=asker, post=answer)
        moderation.post_hide(moderator=moderator, post=answer)

    assert kinds_for(asker) == [Kind.ANSWER]
    assert kinds_for(helper) == sorted([Kind.COMMENT, Kind.ACCEPTED, Kind.MODERATION])
    carol = Notification.objects.get(recipient__username="carol")
    assert carol.kind == Kind.MENTION and "mentioned you" in carol.summary
    assert Notification.objects.filter(recipient=moderator).count() == 0


def test_a_held_question_tells_who_it_mentions_once_approved(
    section, helper, moderator, settings
):
    settings.KB_FORUM_HOLD_FIRST_POSTS = True
    newcomer = factories.make_user("newcomer")
    topic = services.topic_create(
        author=newcomer,
        section=section,
        title="Guest access stopped working",
        body="@helper showed me guest access last week; now it fails.",
    )
    assert kinds_for(helper) == []

    moderation.post_restore(moderator=moderator, post=topic.posts.get())

    assert kinds_for(helper) == [Kind.MENTION]


def test_a_member_is_not_told_about_their_own_actions(topic, asker):
    services.answer_create(author=asker, topic=topic, body="Answering myself @asker.")
    assert Notification.objects.filter(recipient=asker).count() == 0


def test_the_bell_counts_unread_and_opening_one_reads_it(client, topic, asker, helper):
    for n in range(3):
        services.answer_create(
            author=helper, topic=topic, body=f"Idea number {n} here."
        )
    client.force_login(asker)
    assert "3<span" in bell(client)

    inbox = client.get(reverse("forum:notifications")).content.decode()
    assert inbox.count("notification--unread") == 3
    first = Notification.objects.filter(recipient=asker).first()
    opened = client.get(reverse("forum:notification_open", args=[first.pk]))

    assert opened.status_code == 302 and opened["Location"].endswith(
        first.post.get_absolute_url()
    )
    assert "2<span" in bell(client)
    done = client.post(reverse("forum:notifications_read_all"), follow=True)
    assert "Marked 2 notifications as read." in done.content.decode()
    assert "bell-count" not in bell(client)


def test_another_members_notification_cannot_be_opened(client, topic, answer, helper):
    notification = Notification.objects.get(recipient=topic.author)
    client.force_login(helper)
    assert (
        client.get(
            reverse("forum:notification_open", args=[notification.pk])
        ).status_code
        == 404
    )
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_instant_mail_quotes_the_posts_sanitised_html_with_a_text_part(
    topic, helper, django_capture_on_commit_callbacks
):
    body = "Open **Settings**\n\n<script>alert(1)</script><img src=x onerror=alert(2)>"
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body=body)
    [message] = mail.outbox
    [(html, _)] = message.alternatives

    assert message.to == ["asker@example.com"]
    assert "<strong>Settings</strong>" in html
    assert "<script" not in html and "onerror" not in html
    assert "Open Settings" in message.body and "**" not in message.body
    assert "/community/notifications/settings/" in message.body
    assert "/community/unsubscribe/" in html


def test_never_and_daily_members_get_no_instant_mail(
    topic, asker, helper, django_capture_on_commit_callbacks
):
    notifications.preferences_set(user=asker, choices={Kind.ANSWER: Delivery.DAILY})
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body="First idea to try.")
    assert mail.outbox == []
    assert notifications.unread_count(asker) == 1


def test_the_daily_digest_groups_a_members_news_and_goes_once(
    topic, asker, helper, django_capture_on_commit_callbacks
):
    notifications.preferences_set(user=asker, choices={Kind.ANSWER: Delivery.DAILY})
    other = factories.make_user("other")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body="First idea to try.")
        services.answer_create(author=other, topic=topic, body="Second idea to try.")

    mail.outbox.clear()  # the helper's instant mail about the second answer
    assert notifications.send_notification_digests.call() == 1
    assert notifications.send_notification_digests.call() == 0
    [digest] = mail.outbox
    assert digest.to == ["asker@example.com"]
    [(html, _)] = digest.alternatives
    assert "2 new notifications" in digest.subject
    assert "First idea to try." in html and "Second idea to try." in html
    assert "First idea to try." in digest.body


def test_read_notifications_and_never_preferences_stay_out_of_the_digest(
    topic, asker, helper
):
    notifications.preferences_set(user=asker, choices={Kind.ANSWER: Delivery.DAILY})
    services.answer_create(author=helper, topic=topic, body="First idea to try.")
    notifications.notifications_mark_read(user=asker)
    notifications.preferences_set(user=helper, choices={Kind.COMMENT: Delivery.NEVER})
    services.comment_create(
        author=asker, post=helper.forum_posts.get(), body="Thanks a lot!"
    )
    assert notifications.send_notification_digests.call() == 0
    assert mail.outbox == []


def test_the_preferences_page_saves_each_kind(client, asker):
    client.force_login(asker)
    page = client.get(reverse("forum:notification_preferences"))
    assert "Daily digest" in page.content.decode()
    choices = {kind: Delivery.INSTANT for kind in Kind.values}
    choices[Kind.MENTION] = Delivery.NEVER
    saved = client.post(reverse("forum:notification_preferences"), choices, follow=True)

    assert "Your e-mail settings are saved." in saved.content.decode()
    assert notifications.deliveries(asker)[Kind.MENTION] == Delivery.NEVER
    bad = client.post(
        reverse("forum:notification_preferences"), {**choices, "answer": "hourly"}
    )
    assert bad.status_code == 400


def test_mentions_ignore_code_and_unknown_names(topic, helper):
    factories.make_user("carol")
    found = notifications.mentioned_users(
        "`@carol` in code, mail me@carol.example, @nobody and ```\n@carol\n```"
    )
    assert found == []
    assert [u.username for u in notifications.mentioned_users("hi @Carol!")] == [
        "carol"
    ]


def test_mention_suggestions_find_members_by_name(client, asker):
    factories.make_user("carol")
    client.force_login(asker)
    response = client.get(reverse("forum:mention_suggestions"), {"q": "@ca"})
    assert response.json()["results"] == [{"username": "carol", "name": "carol"}]
    assert client.get(reverse("forum:mention_suggestions"), {"q": ""}).json() == {
        "results": []
    }


def test_mentions_of_members_link_to_their_page(topic, helper):
    carol = factories.make_user("carol")
    post = services.answer_create(
        author=helper,
        topic=topic,
        body="Ask @carol or @nobody; `@carol` in code stays. [@carol](https://x.com)",
    )
    html = post.body_html
    link = f'<a href="/community/members/{carol.pk}/" class="mention"'
    assert html.count(link) == 1
    assert "@nobody" in html and "/community/members/" not in html.split("@nobody")[1]
    assert "<code>@carol</code>" in html
    assert 'href="https://x.com"' in html
