"""Asking and answering: new topics and answers, the rules every new post
follows, tags, and keeping a thread's search entry in step."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kb.markup import render_markdown
from kb.search.selectors.languages import content_language

from .. import badges, notifications, trust
from ..models import Post, Subscription, SuggestionOpen, Topic, Visibility
from .members import check_can_participate, is_moderator


def reindex_topic(topic: Topic) -> None:
    """Update the topic in the search index once the transaction has committed."""
    from wagtail.search import index

    def _do():
        fresh = Topic.objects.filter(pk=topic.pk).first()
        if fresh is None:
            return
        if fresh.status == Visibility.VISIBLE:
            index.insert_or_update_object(fresh)
        else:
            index.remove_object(fresh)

    transaction.on_commit(_do)


def _status_for_new_post(user, body: str) -> str:
    """Check the author's trust-level limits; a new member's first post waits for
    a moderator when the setting asks for it (or their level holds posts)."""
    limits = trust.check_post_allowed(user=user, body=body)
    if limits.held_for_approval:
        return Visibility.PENDING
    if not getattr(settings, "KB_FORUM_HOLD_FIRST_POSTS", False) or is_moderator(user):
        return Visibility.VISIBLE
    has_approved = Post.objects.filter(author=user, status=Visibility.VISIBLE).exists()
    return Visibility.VISIBLE if has_approved else Visibility.PENDING


def render_post(body: str) -> str:
    """A post's stored HTML: sanitised Markdown, with @mentions linked."""
    return notifications.link_mentions(render_markdown(body), body)


@transaction.atomic
def topic_create(
    *,
    author,
    section,
    title: str,
    body: str,
    tags=(),
    submit_token: str = "",
    language: str | None = None,
):
    """Ask a question (in `language`, default the site's source language).
    Submitting the same form twice returns the first topic."""
    check_can_participate(author)
    if submit_token:
        existing = Post.objects.filter(
            author=author, submit_token=submit_token, is_question=True
        ).first()
        if existing:
            return existing.topic
    status = _status_for_new_post(author, body)
    now = timezone.now()
    topic = Topic.objects.create(
        section=section,
        language=content_language(language or settings.LANGUAGE_CODE),
        title=title.strip(),
        author=author,
        status=status,
        created_at=now,
        last_activity_at=now,
    )
    try:
        with transaction.atomic():
            Post.objects.create(
                topic=topic,
                author=author,
                is_question=True,
                body_markdown=body,
                body_html=render_post(body),
                status=status,
                created_at=now,
                submit_token=submit_token,
            )
    except IntegrityError:
        # A concurrent double submit won the race: keep its topic, drop ours.
        topic.delete()
        return Post.objects.get(author=author, submit_token=submit_token).topic
    if tags:
        topic.tags.set(list(tags))
    Subscription.objects.get_or_create(topic=topic, user=author)
    if status == Visibility.VISIBLE:
        notifications.notify_mentions(post=topic.posts.get(), text=body, actor=author)
    reindex_topic(topic)
    badges.award_badges_later(author.pk)  # trust levels count posts
    return topic


@transaction.atomic
def answer_create(*, author, topic: Topic, body: str, submit_token: str = "") -> Post:
    """Answer a topic; subscribers (except the author) get an e-mail."""
    check_can_participate(author)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.is_locked:
        raise PermissionDenied(_("This thread is locked: it takes no new answers."))
    if topic.status != Visibility.VISIBLE and topic.author_id != author.pk:
        raise PermissionDenied(_("This thread is not open for answers."))
    if submit_token:
        existing = Post.objects.filter(author=author, submit_token=submit_token).first()
        if existing:
            return existing
    status = _status_for_new_post(author, body)
    try:
        with transaction.atomic():
            post = Post.objects.create(
                topic=topic,
                author=author,
                body_markdown=body,
                body_html=render_post(body),
                status=status,
                submit_token=submit_token,
            )
    except IntegrityError:
        return Post.objects.get(author=author, submit_token=submit_token)
    if status == Visibility.VISIBLE:
        _count_new_answer(post)
    Subscription.objects.get_or_create(topic=topic, user=author)
    badges.award_badges_later(author.pk)
    return post


def _count_new_answer(post: Post, *, announce: bool = True) -> None:
    """A visible answer: count it, tell the thread's followers and who it mentions."""
    Topic.objects.filter(pk=post.topic_id).update(
        answer_count=F("answer_count") + 1, last_activity_at=timezone.now()
    )
    if not announce:
        return
    followers = Subscription.objects.filter(topic_id=post.topic_id).values_list(
        "user_id", flat=True
    )
    mentioned = notifications.notify_mentions(
        post=post, text=post.body_markdown, actor=post.author
    )
    told = {n.recipient_id for n in mentioned}
    notifications.notify(
        recipients=[user_id for user_id in followers if user_id not in told],
        kind=notifications.Kind.ANSWER,
        actor=post.author,
        post=post,
        summary=notifications.SAYS[notifications.Kind.ANSWER]
        % {"actor": notifications.member_name(post.author), "title": post.topic.title},
    )


@transaction.atomic
def topic_tags_set(*, user, topic: Topic, tags) -> Topic:
    """The asker, a moderator or a regular (trust level 3+) edits a thread's tags."""
    check_can_participate(user)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if not can_edit_tags(user=user, topic=topic):
        raise PermissionDenied(_("Only the asker and moderators can change the tags."))
    topic.tags.set(list(tags))
    reindex_topic(topic)
    return topic


def can_edit_tags(*, user, topic: Topic) -> bool:
    if not (user and user.is_authenticated):
        return False
    return (
        topic.author_id == user.pk
        or is_moderator(user)
        or trust.trust_level(user) >= trust.EDITS_TAGS
    )


def suggestion_open_record(*, user, typed_title: str, url: str) -> SuggestionOpen:
    return SuggestionOpen.objects.create(
        user=user if user and user.is_authenticated else None,
        typed_title=typed_title[:200],
        url=url[:500],
    )
