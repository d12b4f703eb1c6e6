"""What a thread and the thread lists say: times, vote counts, the answer box's name."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kb.forum import services
from kb.forum.models import Topic
from kb.forum.templatetags.forum_tags import time_ago as ago


def visible_text(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def test_a_thread_active_seconds_ago_says_just_now_not_0_minutes(client, topic):
    response = client.get(reverse("forum:topics"))

    text = visible_text(response.content)
    assert "active just now" in text
    assert "0 minutes" not in text


def test_older_times_say_their_largest_unit_ago():
    now = timezone.now()

    def time_ago(value):  # timesince joins number and unit with a no-break space
        return ago(value).replace("\xa0", " ")

    assert time_ago(now - timedelta(seconds=20)) == "just now"
    assert time_ago(now + timedelta(seconds=5)) == "just now"
    assert time_ago(now - timedelta(minutes=1, seconds=5)) == "1 minute ago"
    assert time_ago(now - timedelta(hours=5, minutes=20)) == "5 hours ago"
    assert time_ago(now - timedelta(days=3, hours=2)) == "3 days ago"


def test_a_comment_and_an_edit_made_now_say_just_now(client, topic, answer, asker):
    services.comment_create(author=asker, post=answer, body="Thanks, that worked!")
    services.post_edit(editor=answer.author, post=answer, body="Use *Share* instead.")

    text = visible_text(client.get(topic.get_absolute_url()).content)

    assert "edited just now" in text
    assert re.search(r"Thanks, that worked! — asker ?, just now", text)
    assert "0 minutes" not in text


def test_a_single_vote_is_one_vote_for_screen_readers_too(client, topic, answer, asker):
    services.vote_record(user=asker, post=answer)
    Topic.objects.filter(pk=topic.pk).update(score=1)

    thread = client.get(topic.get_absolute_url()).content.decode()
    listing = client.get(reverse("forum:topics")).content.decode()

    assert '<span class="visually-hidden">1 vote</span>' in thread
    assert '<span class="visually-hidden">0 votes</span>' in thread  # the question
    assert "1 vote 1 answer" in visible_text(listing.encode())
    for html in (thread, listing):
        assert "1 votes" not in html
        assert "1 answers" not in html


def test_your_answer_is_said_once_and_names_the_answer_box(client, topic, helper):
    client.force_login(helper)

    html = client.get(topic.get_absolute_url()).content.decode()

    assert html.count("Your answer") == 1
    label = re.search(r'<label for="([^"]+)">Your answer</label>', html)
    assert label, "the heading is the answer box's label"
    assert re.search(rf'<textarea[^>]*id="{label.group(1)}"', html)


def test_visitors_see_the_your_answer_heading_without_a_form(client, topic):
    html = client.get(topic.get_absolute_url()).content.decode()

    assert '<h2 id="your-answer-title">Your answer</h2>' in html
    assert "<textarea" not in html


def test_remember_me_checkbox_comes_before_its_label_in_one_field(client, db):
    html = client.get(reverse("account_login")).content.decode()

    field = re.search(r'<div class="field field--checkbox">(.*?)</div>', html, re.S)
    assert field, "the Remember-me field is laid out as a checkbox row"
    checkbox = re.search(
        r'<input type="checkbox" name="remember" id="([^"]+)"', field[1]
    )
    assert checkbox
    assert field[1].index("<input") < field[1].index("<label")
    assert f'<label for="{checkbox[1]}">Remember Me</label>' in field[1]
