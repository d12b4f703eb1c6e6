"""Members' public pages, their own lists, avatars, reputation and trust levels,
delete with confirmation and undo, tag editing, and what a banned member sees."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kb.forum import moderation, services, trust
from kb.forum.models import (
    Notification,
    Post,
    Profile,
    Topic,
    TrustLevel,
    Visibility,
)
from tests import factories
from tests.forum.conftest import trust as give_trust


def picture(size=(900, 600), kind="PNG", name="me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def reputation(user) -> int:
    return Profile.objects.get(user=user).reputation


# Profiles and lists ---------------------------------------------------------


def test_a_members_public_page_counts_their_posts_and_reputation(
    client, topic, answer, asker, helper
):
    services.vote_record(user=asker, post=answer)
    services.answer_accept(user=asker, post=answer)
    page = client.get(reverse("forum:member", args=[helper.pk])).content.decode()

    facts = dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", page))
    assert facts["Reputation"] == "25"
    assert facts["Answers"] == "1" and facts["Accepted answers"] == "1"
    assert facts["Questions"] == "0"
    assert topic.title in page
    assert "Member since" in page


def test_hidden_posts_do_not_count_on_the_public_page(
    client, answer, helper, moderator
):
    moderation.post_hide(moderator=moderator, post=answer)
    page = client.get(reverse("forum:member", args=[helper.pk])).content.decode()
    assert "<dt>Answers</dt><dd>0</dd>" in page


def test_my_lists_show_my_questions_answers_and_followed_threads(
    client, topic, answer, asker, helper, section
):
    other = services.topic_create(
        author=helper,
        section=section,
        title="Another question here",
        body="Details here.",
    )
    services.subscription_set(user=asker, topic=other, subscribed=True)
    client.force_login(asker)
    questions = client.get(
        reverse("forum:my_list", args=["questions"])
    ).content.decode()
    following = client.get(
        reverse("forum:my_list", args=["following"])
    ).content.decode()
    client.force_login(helper)
    answers = client.get(reverse("forum:my_list", args=["answers"])).content.decode()

    assert topic.title in questions and "Another question here" not in questions
    assert topic.title in following and "Another question here" in following
    assert topic.title in answers
    assert client.get(reverse("forum:my_list", args=["secrets"])).status_code == 404


def test_an_avatar_is_checked_by_content_cropped_and_resized(client, asker):
    client.force_login(asker)
    saved = client.post(reverse("forum:profile"), {"avatar": picture()}, follow=True)
    profile = Profile.objects.get(user=asker)

    assert "Your picture is saved." in saved.content.decode()
    with Image.open(profile.avatar.path) as image:
        assert image.size == (128, 128)
    assert f'src="{profile.avatar.url}"' in saved.content.decode()

    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", "image/png")
    refused = client.post(reverse("forum:profile"), {"avatar": fake})
    assert refused.status_code == 400
    assert "not a picture we can read" in refused.content.decode()


def test_a_post_image_upload_is_resized_and_answers_markdown(client, asker):
    client.force_login(asker)
    response = client.post(
        reverse("forum:image_upload"), {"image": picture((3000, 1000), "JPEG", "x.jpg")}
    )
    data = response.json()
    assert response.status_code == 200
    assert data["markdown"] == f"![picture]({data['url']})"
    refused = client.post(
        reverse("forum:image_upload"),
        {"image": SimpleUploadedFile("a.gif", b"GIF89a not really", "image/gif")},
    )
    assert refused.status_code == 400 and "picture" in refused.json()["error"]


# Reputation and trust --------------------------------------------------------


def test_reputation_follows_votes_and_accepts_both_ways(topic, answer, asker, helper):
    voter = factories.make_user("voter")
    services.vote_record(user=voter, post=answer)
    services.vote_record(user=helper, post=topic.posts.get(is_question=True))
    services.answer_accept(user=asker, post=answer)
    assert reputation(helper) == trust.REPUTATION_FOR_ANSWER_VOTE + 15
    assert reputation(asker) == trust.REPUTATION_FOR_QUESTION_VOTE

    services.vote_withdraw(user=voter, post=answer)
    services.answer_unaccept(user=asker, topic=topic)
    assert reputation(helper) == 0
    assert trust.reputation_recount(helper) == 0
    assert trust.reputation_recount(asker) == reputation(asker)


def test_a_hidden_post_gives_back_its_reputation_and_a_restore_returns_it(
    topic, answer, asker, helper, moderator
):
    first, second = factories.make_user("voter1"), factories.make_user("voter2")
    services.vote_record(user=first, post=answer)
    services.vote_record(user=second, post=answer)
    services.answer_accept(user=asker, post=answer)
    assert reputation(helper) == 2 * trust.REPUTATION_FOR_ANSWER_VOTE + 15

    moderation.post_hide(moderator=moderator, post=answer)
    assert reputation(helper) == 0 == trust.reputation_recount(helper)
    services.vote_withdraw(user=first, post=answer)  # nothing more to give back
    assert reputation(helper) == 0

    moderation.post_restore(moderator=moderator, post=answer)
    # The accept went with the hiding; the vote left stands again.
    assert reputation(helper) == trust.REPUTATION_FOR_ANSWER_VOTE
    assert trust.reputation_recount(helper) == reputation(helper)
    moderation.post_hide(moderator=moderator, post=answer)
    with pytest.raises(PermissionDenied):
        services.vote_record(user=first, post=answer)
    assert reputation(helper) == 0


def test_an_author_deleting_a_post_loses_its_points_until_undone(
    topic, answer, asker, helper
):
    services.vote_record(user=asker, post=answer)

    services.post_delete(user=helper, post=answer)
    assert reputation(helper) == 0
    services.post_undelete(user=helper, post=answer)
    assert reputation(helper) == trust.REPUTATION_FOR_ANSWER_VOTE


def test_merging_away_a_thread_takes_back_its_accepted_answers_points(
    topic, answer, asker, helper, moderator, section
):
    original = services.topic_create(
        author=helper, section=section, title="Guests on a board", body="Same here."
    )
    services.answer_accept(user=asker, post=answer)

    moderation.topic_merge(moderator=moderator, source=topic, target=original)

    assert reputation(helper) == 0 == trust.reputation_recount(helper)


def test_a_new_member_is_limited_until_time_and_activity_lift_it(topic, section):
    newcomer = factories.make_user("newcomer")
    links = "See https://a.com/x, https://b.org/y and https://c.net/z."
    assert trust.trust_level(newcomer) == TrustLevel.NEW
    with pytest.raises(PermissionDenied, match="2 links"):
        services.answer_create(author=newcomer, topic=topic, body=links)

    services.answer_create(author=newcomer, topic=topic, body="A first plain answer.")
    newcomer.date_joined = timezone.now() - timedelta(days=2)
    newcomer.save()

    assert trust.trust_level(newcomer) == TrustLevel.BASIC
    post = services.answer_create(author=newcomer, topic=topic, body=links)
    assert post.status == Visibility.VISIBLE


def test_a_new_member_posts_a_limited_number_of_times_a_day(topic):
    newcomer = factories.make_user("newcomer")
    for n in range(trust.LIMITS[TrustLevel.NEW].posts_per_day):
        services.answer_create(author=newcomer, topic=topic, body=f"Answer number {n}.")
    with pytest.raises(PermissionDenied, match="come back tomorrow"):
        services.answer_create(author=newcomer, topic=topic, body="One more answer.")


def test_refused_posts_say_why_in_the_page(client, topic):
    newcomer = factories.make_user("newcomer")
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:answer", args=[topic.pk]),
        {"body": "![a](/a.png) ![b](/b.png) two pictures"},
    )
    assert response.status_code == 403
    assert "New members can show 1 picture" in response.content.decode()
    assert not Post.objects.filter(author=newcomer).exists()


def test_a_moderator_sets_a_members_level(client, helper, moderator):
    client.force_login(moderator)
    page = client.get(reverse("forum:member", args=[helper.pk])).content.decode()
    assert 'name="level"' in page
    client.post(reverse("forum_admin:trust", args=[helper.pk]), {"level": "3"})
    assert trust.trust_level(helper) == TrustLevel.REGULAR
    client.post(reverse("forum_admin:trust", args=[helper.pk]), {"level": ""})
    assert trust.trust_level(helper) == TrustLevel.NEW

    client.force_login(helper)
    assert client.post(
        reverse("forum_admin:trust", args=[helper.pk]), {"level": "4"}
    ).status_code in (302, 403)
    assert trust.trust_level(helper) == TrustLevel.NEW


def test_the_rules_page_lists_each_level(client, db):
    page = client.get(reverse("forum:trust_levels")).content.decode()
    for level in TrustLevel:
        assert str(level.label) in page
    assert "+10 for each up-vote on an answer" in page


# Delete, undo, messages, tags, bans ----------------------------------------


def test_delete_asks_first_then_can_be_undone(client, topic, answer, helper):
    client.force_login(helper)
    url = reverse("forum:post_delete", args=[answer.pk])
    confirm = client.get(url)
    assert (
        confirm.status_code == 200 and "Delete your answer?" in confirm.content.decode()
    )
    assert Post.objects.get(pk=answer.pk).status == Visibility.VISIBLE

    deleted = client.post(url, follow=True).content.decode()
    assert "Your post is deleted." in deleted
    undo_url = reverse("forum:post_undelete", args=[answer.pk])
    assert f'action="{undo_url}"' in deleted
    assert Topic.objects.get(pk=topic.pk).answer_count == 0

    told_before = Notification.objects.filter(recipient=topic.author).count()
    undone = client.post(undo_url, follow=True).content.decode()
    assert "Your post is back." in undone
    assert Post.objects.get(pk=answer.pk).status == Visibility.VISIBLE
    assert Topic.objects.get(pk=topic.pk).answer_count == 1
    # The asker heard of this answer once, not again on the undo.
    assert Notification.objects.filter(recipient=topic.author).count() == told_before


def test_undo_is_refused_after_the_window_and_to_others(client, answer, helper, asker):
    services.post_delete(user=helper, post=answer)
    client.force_login(asker)
    assert (
        client.post(reverse("forum:post_undelete", args=[answer.pk])).status_code == 403
    )
    Post.objects.filter(pk=answer.pk).update(
        deleted_at=timezone.now() - services.UNDO_DELETE_WINDOW - timedelta(seconds=1)
    )
    client.force_login(helper)
    late = client.post(reverse("forum:post_undelete", args=[answer.pk]))
    assert late.status_code == 403 and "no longer be undone" in late.content.decode()


def test_each_action_confirms_what_happened(client, topic, answer, asker):
    client.force_login(asker)
    accepted = client.post(reverse("forum:post_accept", args=[answer.pk]), follow=True)
    voted = client.post(reverse("forum:post_vote", args=[answer.pk]), follow=True)
    commented = client.post(
        reverse("forum:comment", args=[answer.pk]), {"body": "Thanks!"}, follow=True
    )
    assert "the thread is marked as solved" in accepted.content.decode()
    assert "Thanks for your up-vote." in voted.content.decode()
    assert "Your comment is posted." in commented.content.decode()


def test_the_asker_edits_tags_and_others_cannot(client, topic, asker, helper):
    client.force_login(helper)
    assert "Edit tags" not in client.get(topic.get_absolute_url()).content.decode()
    refused = client.post(reverse("forum:topic_tags", args=[topic.pk]), {"tags": "x"})
    assert refused.status_code == 403

    client.force_login(asker)
    assert "Edit tags" in client.get(topic.get_absolute_url()).content.decode()
    done = client.post(
        reverse("forum:topic_tags", args=[topic.pk]),
        {"tags": "Billing, invoices"},
        follow=True,
    )
    assert "The tags are saved." in done.content.decode()
    assert sorted(t.name for t in Topic.objects.get(pk=topic.pk).tags.all()) == [
        "billing",
        "invoices",
    ]
    bad = client.post(
        reverse("forum:topic_tags", args=[topic.pk]), {"tags": "<b>no</b>"}
    )
    assert bad.status_code == 400


def test_a_regular_edits_any_threads_tags(topic, helper):
    give_trust(helper, TrustLevel.REGULAR)
    services.topic_tags_set(user=helper, topic=topic, tags=["sharing"])
    assert [t.name for t in Topic.objects.get(pk=topic.pk).tags.all()] == ["sharing"]


def test_a_banned_member_sees_no_forms_they_cannot_use(
    client, topic, answer, asker, moderator
):
    moderation.member_ban(moderator=moderator, user=asker)
    client.force_login(asker)
    page = client.get(topic.get_absolute_url()).content.decode()

    for form_action in ("/answer/", "/vote/", "/comment/", "/accept/", "/subscribe/"):
        assert form_action not in page, form_action
    assert "Ask a question" not in page
    assert "no longer post" in page
    assert client.get(reverse("forum:ask")).status_code == 403


# Findability ------------------------------------------------------------------


def test_visible_threads_are_in_the_sitemap(client, topic, section, asker, moderator):
    hidden = services.topic_create(
        author=asker, section=section, title="A thread to hide", body="Hide me please."
    )
    moderation.post_hide(moderator=moderator, post=hidden.posts.get())
    sitemap = client.get("/sitemap.xml").content.decode()
    assert topic.get_absolute_url() in sitemap
    assert hidden.get_absolute_url() not in sitemap


def test_a_thread_carries_qapage_data(client, topic, answer, asker):
    services.answer_accept(user=asker, post=answer)
    page = client.get(topic.get_absolute_url()).content.decode()
    [raw] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )
    data = json.loads(raw)

    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["name"] == topic.title
    assert question["answerCount"] == 1
    assert (
        question["acceptedAnswer"]["text"]
        == "Use Share → Guest access in the project menu."
    )
    assert question["acceptedAnswer"]["url"].endswith(f"#post-{answer.pk}")


def test_qapage_data_cannot_close_its_script(client, section, asker):
    topic = services.topic_create(
        author=asker,
        section=section,
        title="Why </script><script>alert(1)</script>?",
        body="Body </script><script>alert(2)</script> here.",
    )
    page = client.get(topic.get_absolute_url()).content.decode()
    [raw] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )
    assert json.loads(raw)["mainEntity"]["name"] == topic.title


def test_new_members_posts_can_be_held_for_approval(settings, topic):
    settings.KB_FORUM_HOLD_NEW_MEMBER_POSTS = True
    newcomer = factories.make_user("newcomer")
    post = services.answer_create(author=newcomer, topic=topic, body="Held answer.")
    assert post.status == Visibility.PENDING
    give_trust(newcomer, TrustLevel.BASIC)
    post = services.answer_create(author=newcomer, topic=topic, body="Shown answer.")
    assert post.status == Visibility.VISIBLE


def test_the_recount_command_repairs_reputation(topic, answer, asker, helper):
    from django.core.management import call_command

    services.vote_record(user=asker, post=answer)
    Profile.objects.filter(user=helper).update(reputation=999)
    out = io.StringIO()
    call_command("forum_reputation_recount", stdout=out)
    assert reputation(helper) == trust.REPUTATION_FOR_ANSWER_VOTE
    assert "1 member(s) corrected" in out.getvalue()
