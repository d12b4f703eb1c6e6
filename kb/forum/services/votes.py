"""What members say of a post: up-votes, the asker's accepted answer, flags."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .. import badges, notifications, trust
from ..models import Flag, Post, Topic, Vote
from .members import check_can_participate
from .topics import reindex_topic


def vote_record(*, user, post: Post) -> bool:
    """Up-vote a post once. Returns False when the member had already voted."""
    check_can_participate(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You can't vote on your own post."))
    try:
        with transaction.atomic():
            # Locked: a moderator hiding it at once takes back what this vote gives.
            post = Post.objects.select_for_update().get(pk=post.pk)
            if not post.is_visible:
                raise PermissionDenied(_("This post takes no votes."))
            Vote.objects.create(post=post, user=user)
            Post.objects.filter(pk=post.pk).update(score=F("score") + 1)
            if post.is_question:
                Topic.objects.filter(pk=post.topic_id).update(score=F("score") + 1)
            trust.reputation_add(
                user_id=post.author_id, points=trust.points_for_vote(post)
            )
    except IntegrityError:
        return False
    badges.award_badges_later(user.pk, post.author_id)
    return True


@transaction.atomic
def vote_withdraw(*, user, post: Post) -> bool:
    check_can_participate(user)
    post = Post.objects.select_for_update().get(pk=post.pk)
    deleted, _per_model = Vote.objects.filter(post=post, user=user).delete()
    if not deleted:
        return False
    Post.objects.filter(pk=post.pk).update(score=F("score") - 1)
    if post.is_question:
        Topic.objects.filter(pk=post.topic_id).update(score=F("score") - 1)
    if post.is_visible:  # a hidden post's votes already gave their points back
        trust.reputation_add(
            user_id=post.author_id, points=-trust.points_for_vote(post)
        )
    return True


@transaction.atomic
def answer_accept(*, user, post: Post) -> Topic:
    """The asker marks an answer as the one that solved the question."""
    check_can_participate(user)
    topic = Topic.objects.select_for_update().get(pk=post.topic_id)
    if topic.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can accept an answer."))
    if post.is_question or not post.is_visible:
        raise ValidationError(_("Only a visible answer can be accepted."))
    if topic.accepted_answer_id == post.pk:
        return topic
    accepted_answer_change(topic=topic, answer=post, actor=user)
    badges.award_badges_later(topic.author_id, post.author_id)
    return topic


def accepted_answer_change(*, topic: Topic, answer: Post | None, actor) -> None:
    """Move the accepted mark (and its reputation) in the caller's transaction;
    `topic` is locked by the caller."""
    previous = (
        Post.objects.filter(pk=topic.accepted_answer_id).first()
        if topic.accepted_answer_id
        else None
    )
    if previous is not None and previous.author_id != topic.author_id:
        trust.reputation_add(
            user_id=previous.author_id, points=-trust.REPUTATION_FOR_ACCEPTED_ANSWER
        )
    topic.accepted_answer = answer
    topic.save(update_fields=["accepted_answer"])
    if answer is not None and answer.author_id != topic.author_id:
        trust.reputation_add(
            user_id=answer.author_id, points=trust.REPUTATION_FOR_ACCEPTED_ANSWER
        )
        notifications.notify(
            recipients=[answer.author_id],
            kind=notifications.Kind.ACCEPTED,
            actor=actor,
            post=answer,
            summary=notifications.SAYS[notifications.Kind.ACCEPTED]
            % {"actor": notifications.member_name(actor), "title": topic.title},
        )
    reindex_topic(topic)


@transaction.atomic
def answer_unaccept(*, user, topic: Topic) -> Topic:
    check_can_participate(user)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.author_id != user.pk:
        raise PermissionDenied(
            _("Only the person who asked can change the accepted answer.")
        )
    if topic.accepted_answer_id:
        accepted_answer_change(topic=topic, answer=None, actor=user)
    return topic


def flag_create(*, reporter, post: Post, reason: str, note: str = "") -> Flag:
    """Report a post to the moderators; a second flag by the same member is ignored."""
    check_can_participate(reporter)
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choose a reason."))
    if post.author_id == reporter.pk:
        raise PermissionDenied(_("You can't flag your own post."))
    flag, _created = Flag.objects.get_or_create(
        post=post,
        reporter=reporter,
        defaults={"reason": reason, "note": note.strip()[:500]},
    )
    return flag
