import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from kb.forum import moderation, selectors, services
from kb.forum.models import (
    Flag,
    Post,
    PostRevision,
    Subscription,
    Topic,
    Visibility,
    Vote,
)
from tests import factories


def test_asking_stores_the_question_as_safe_html_and_follows_the_thread(topic, asker):
    question = topic.posts.get()
    assert question.is_question
    assert "<strong>see</strong>" in question.body_html
    assert sorted(t.name for t in topic.tags.all()) == ["permissions", "sharing"]
    assert Subscription.objects.filter(topic=topic, user=asker).exists()


def test_raw_html_in_markdown_is_sanitised_at_save_time(section, asker):
    topic = services.topic_create(
        author=asker,
        section=section,
        title="Script in my question body",
        body=(
            "<script>alert(1)</script> [x](javascript:alert(2)) "
            "<img src=x onerror=alert(3)>"
        ),
    )
    html = topic.posts.get().body_html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_the_same_submit_token_twice_creates_one_topic(section, asker):
    kwargs = dict(
        author=asker,
        section=section,
        title="Double click on Post",
        body="Posted twice?",
        submit_token="a" * 32,
    )
    first = services.topic_create(**kwargs)
    second = services.topic_create(**kwargs)
    assert first.pk == second.pk
    assert Topic.objects.count() == 1


def test_answering_counts_the_answer_and_a_repeated_submit_is_ignored(topic, helper):
    first = services.answer_create(
        author=helper, topic=topic, body="Try the share menu.", submit_token="t1"
    )
    again = services.answer_create(
        author=helper, topic=topic, body="Try the share menu.", submit_token="t1"
    )
    topic.refresh_from_db()
    assert first.pk == again.pk
    assert topic.answer_count == 1


def test_a_locked_thread_takes_no_answers(topic, helper, moderator):
    moderation.topic_set_locked(moderator=moderator, topic=topic, locked=True)
    with pytest.raises(PermissionDenied):
        services.answer_create(author=helper, topic=topic, body="Too late to answer.")


def test_votes_count_once_per_member_and_never_on_own_post(answer, asker, helper):
    assert services.vote_record(user=asker, post=answer) is True
    assert services.vote_record(user=asker, post=answer) is False
    answer.refresh_from_db()
    assert answer.score == 1
    assert Vote.objects.filter(post=answer).count() == 1
    with pytest.raises(PermissionDenied):
        services.vote_record(user=helper, post=answer)


def test_withdrawing_a_vote_lowers_the_score(answer, asker):
    services.vote_record(user=asker, post=answer)
    services.vote_withdraw(user=asker, post=answer)
    answer.refresh_from_db()
    assert answer.score == 0


def test_votes_on_the_question_sort_the_topic_by_most_votes(
    topic, helper, section, asker
):
    other = services.topic_create(
        author=asker,
        section=section,
        title="A second question here",
        body="Body of two.",
    )
    services.vote_record(user=helper, post=topic.posts.get(is_question=True))
    ordered = list(selectors.topic_list(sort="votes"))
    assert ordered[0] == topic
    assert other in ordered


def test_only_the_asker_accepts_and_the_accepted_answer_comes_first(
    topic, answer, helper, asker
):
    better_voted = services.answer_create(
        author=factories.make_user("third"), topic=topic, body="Another way to do it."
    )
    services.vote_record(user=helper, post=better_voted)
    with pytest.raises(PermissionDenied):
        services.answer_accept(user=helper, post=answer)
    services.answer_accept(user=asker, post=answer)
    _, answers = selectors.topic_posts(topic=Topic.objects.get(pk=topic.pk), user=asker)
    assert answers[0] == answer
    assert Topic.objects.get(pk=topic.pk).is_solved


def test_editing_keeps_the_previous_text_in_the_history(answer, helper, asker):
    services.post_edit(editor=helper, post=answer, body="Use **Share** instead.")
    answer.refresh_from_db()
    assert "<strong>Share</strong>" in answer.body_html
    revision = PostRevision.objects.get(post=answer)
    assert "Guest access" in revision.body_markdown
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=asker, post=answer, body="Not my post to edit.")


def test_editing_the_question_can_change_the_title(topic, asker):
    question = topic.posts.get()
    services.post_edit(
        editor=asker, post=question, body="New body text.", title="New title here"
    )
    topic.refresh_from_db()
    assert topic.title == "New title here"
    assert PostRevision.objects.get(post=question).title.startswith("How do I invite")


def test_deleting_is_soft_and_only_moderators_still_see_the_post(
    topic, answer, helper, asker, moderator
):
    services.post_delete(user=helper, post=answer)
    assert Post.objects.get(pk=answer.pk).status == Visibility.DELETED
    assert Topic.objects.get(pk=topic.pk).answer_count == 0
    _, seen_by_member = selectors.topic_posts(topic=topic, user=asker)
    _, seen_by_moderator = selectors.topic_posts(topic=topic, user=moderator)
    assert answer not in seen_by_member
    assert answer in seen_by_moderator


def test_only_the_author_deletes(answer, asker):
    with pytest.raises(PermissionDenied):
        services.post_delete(user=asker, post=answer)


def test_first_posts_of_new_members_wait_for_approval_when_the_setting_is_on(
    settings, section, moderator
):
    settings.KB_FORUM_HOLD_FIRST_POSTS = True
    newcomer = factories.make_user("newcomer")
    topic = services.topic_create(
        author=newcomer,
        section=section,
        title="My very first question",
        body="Hello all!",
    )
    assert topic.status == Visibility.PENDING
    assert topic not in selectors.topic_list()
    moderation.post_restore(moderator=moderator, post=topic.posts.get())
    assert Topic.objects.get(pk=topic.pk).status == Visibility.VISIBLE
    second = services.topic_create(
        author=newcomer,
        section=section,
        title="A second question now",
        body="Hello again",
    )
    assert second.status == Visibility.VISIBLE


def test_a_banned_member_can_no_longer_post_vote_or_flag(
    topic, answer, asker, moderator
):
    moderation.member_ban(moderator=moderator, user=asker)
    with pytest.raises(PermissionDenied):
        services.answer_create(author=asker, topic=topic, body="Still here posting.")
    with pytest.raises(PermissionDenied):
        services.vote_record(user=asker, post=answer)
    with pytest.raises(PermissionDenied):
        services.flag_create(reporter=asker, post=answer, reason="spam")


def test_only_moderators_moderate(topic, helper):
    with pytest.raises(PermissionDenied):
        moderation.post_hide(moderator=helper, post=topic.posts.get())
    with pytest.raises(PermissionDenied):
        moderation.topic_set_pinned(moderator=helper, topic=topic, pinned=True)


def test_new_answers_mail_subscribers_but_not_the_author(
    topic, asker, helper, django_capture_on_commit_callbacks
):
    follower = factories.make_user("follower")
    services.subscription_set(user=follower, topic=topic, subscribed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(
            author=helper, topic=topic, body="Here is how you do it."
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["asker@example.com", "follower@example.com"]
    assert "Here is how you do it." in mail.outbox[0].body
    assert "/community/unsubscribe/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http")


def test_flags_are_once_per_member_and_not_on_own_posts(answer, asker, helper):
    services.flag_create(reporter=asker, post=answer, reason=Flag.Reason.SPAM)
    services.flag_create(reporter=asker, post=answer, reason=Flag.Reason.RUDE)
    assert Flag.objects.filter(post=answer).count() == 1
    with pytest.raises(PermissionDenied):
        services.flag_create(reporter=helper, post=answer, reason=Flag.Reason.SPAM)


def test_hiding_a_flagged_post_resolves_its_flags(answer, asker, moderator, topic):
    services.flag_create(reporter=asker, post=answer, reason=Flag.Reason.SPAM)
    moderation.post_hide(moderator=moderator, post=answer)
    flagged, _ = selectors.moderation_queue()
    assert list(flagged) == []
    assert Topic.objects.get(pk=topic.pk).answer_count == 0


def test_merging_a_duplicate_moves_answers_and_followers(
    topic, answer, section, moderator, helper
):
    duplicate = services.topic_create(
        author=factories.make_user("dup"),
        section=section,
        title="Invite a client to my project?",
        body="Same question again.",
    )
    dup_answer = services.answer_create(
        author=helper, topic=duplicate, body="Answer on duplicate."
    )
    moderation.topic_merge(moderator=moderator, source=duplicate, target=topic)
    topic.refresh_from_db()
    duplicate.refresh_from_db()
    assert Post.objects.get(pk=dup_answer.pk).topic_id == topic.pk
    assert topic.answer_count == 2
    assert duplicate.merged_into_id == topic.pk
    assert duplicate not in selectors.topic_list()
    assert Subscription.objects.filter(topic=topic, user__username="dup").exists()


def test_moving_and_pinning_a_thread(topic, moderator, section):
    from kb.forum.models import ForumSection

    billing = ForumSection.objects.create(name="Billing", slug="billing")
    moderation.topic_move(moderator=moderator, topic=topic, section=billing)
    moderation.topic_set_pinned(moderator=moderator, topic=topic, pinned=True)
    topic.refresh_from_db()
    assert topic.section == billing and topic.is_pinned


def test_an_editor_turns_a_thread_into_a_draft_article(topic, answer, asker, category):
    services.answer_accept(user=asker, post=answer)
    editor = factories.make_user("editor", is_superuser=True, is_staff=True)
    article = moderation.topic_to_article(
        editor=editor, topic=Topic.objects.get(pk=topic.pk), thread_url="http://x/t/1/"
    )
    assert article.title == topic.title
    assert not article.live
    assert article.get_parent().specific == category
    text = str(article.body.raw_data)
    assert "see" in text and "Guest access" in text and "http://x/t/1/" in text
    topic.refresh_from_db()
    assert topic.article.pk == article.pk
    assert article in topic.related_articles.all()


def test_members_cannot_make_articles(topic, asker, category):
    with pytest.raises(PermissionDenied):
        moderation.topic_to_article(editor=asker, topic=topic)


def test_unanswered_popular_topics_lists_wanted_questions_without_answers(
    topic, section, asker, helper
):
    answered = services.topic_create(
        author=asker,
        section=section,
        title="Answered question here",
        body="Has an answer.",
    )
    services.answer_create(author=helper, topic=answered, body="Here is the answer.")
    services.vote_record(user=helper, post=topic.posts.get())
    rows = selectors.unanswered_popular_topics()
    assert rows == [topic]
    assert rows[0].score == 1 and rows[0].followers == 1


def test_wagtail_editors_group_members_can_make_articles(topic, category):
    from django.contrib.auth.models import Group

    editor = factories.make_user("groupeditor")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert moderation.can_make_article(editor)
    article = moderation.topic_to_article(editor=editor, topic=topic)
    assert article.get_parent().specific == category
