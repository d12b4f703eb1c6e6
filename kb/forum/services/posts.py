"""Changing a post after it is written: edits, deletes and their undo, its
visibility (with the thread's counters), comments, and pictures for posts."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications, trust
from ..models import Comment, Post, PostImage, PostRevision, Topic, Visibility, Vote
from .members import check_can_participate, is_moderator
from .topics import _count_new_answer, reindex_topic, render_post
from .votes import accepted_answer_change

UNDO_DELETE_WINDOW = timedelta(minutes=10)


@transaction.atomic
def post_edit(*, editor, post: Post, body: str, title: str | None = None) -> Post:
    """The author edits a post; the previous text goes to the history."""
    check_can_participate(editor)
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if post.author_id != editor.pk:
        raise PermissionDenied(_("Only the author can edit this post."))
    if post.status in (Visibility.DELETED, Visibility.HIDDEN):
        raise PermissionDenied(_("This post can no longer be edited."))
    topic = post.topic
    new_title = (
        title.strip() if (post.is_question and title is not None) else topic.title
    )
    if body == post.body_markdown and new_title == topic.title:
        return post
    if body != post.body_markdown:
        trust.check_post_allowed(user=editor, body=body)
    PostRevision.objects.create(
        post=post,
        editor=editor,
        title=topic.title if post.is_question else "",
        body_markdown=post.body_markdown,
    )
    post.body_markdown = body
    post.body_html = render_post(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body_markdown", "body_html", "edited_at"])
    if post.is_question and new_title != topic.title:
        topic.title = new_title
        topic.save(update_fields=["title"])
    reindex_topic(topic)
    return post


@transaction.atomic
def post_delete(*, user, post: Post) -> Post:
    """The author removes a post (kept in the database, shown to moderators)."""
    check_can_participate(user)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only the author can delete this post."))
    if post.status == Visibility.DELETED:
        return post
    set_post_status(post=post, status=Visibility.DELETED)
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    return post


def can_undo_delete(*, user, post: Post) -> bool:
    return bool(
        user.is_authenticated
        and post.author_id == user.pk
        and post.status == Visibility.DELETED
        and post.deleted_at
        and timezone.now() - post.deleted_at <= UNDO_DELETE_WINDOW
    )


@transaction.atomic
def post_undelete(*, user, post: Post) -> Post:
    """The author takes back a delete within UNDO_DELETE_WINDOW."""
    check_can_participate(user)
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if not can_undo_delete(user=user, post=post):
        raise PermissionDenied(
            _(
                "This delete can no longer be undone; "
                "ask a moderator to restore the post."
            )
        )
    set_post_status(post=post, status=Visibility.VISIBLE)
    Post.objects.filter(pk=post.pk).update(deleted_at=None)
    return post


def set_post_status(*, post: Post, status: str) -> None:
    """Change a post's visibility and keep the topic's counters and status in step.

    Callers hold the transaction and have checked permission.
    """
    was_visible = post.status == Visibility.VISIBLE
    was_pending = post.status == Visibility.PENDING
    now_visible = status == Visibility.VISIBLE
    post.status = status
    post.save(update_fields=["status"])
    topic = post.topic
    if was_visible != now_visible:
        # A post earns reputation only while readers can see it.
        points = trust.points_for_vote(post) * Vote.objects.filter(post=post).count()
        trust.reputation_add(
            user_id=post.author_id, points=points if now_visible else -points
        )
    if post.is_question:
        Topic.objects.filter(pk=topic.pk).update(status=status)
        if was_pending and now_visible:
            notifications.notify_mentions(
                post=post, text=post.body_markdown, actor=post.author
            )
    elif was_visible and not now_visible:
        Topic.objects.filter(pk=topic.pk, answer_count__gt=0).update(
            answer_count=F("answer_count") - 1
        )
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.accepted_answer_id == post.pk:
            accepted_answer_change(topic=topic, answer=None, actor=None)
    elif now_visible and not was_visible:
        # Followers hear of an answer once: when it first shows, not on a restore.
        _count_new_answer(post, announce=was_pending)
    reindex_topic(topic)


@transaction.atomic
def comment_create(*, author, post: Post, body: str, submit_token: str = "") -> Comment:
    check_can_participate(author)
    post = Post.objects.select_related("topic").get(pk=post.pk)
    if post.topic.is_locked:
        raise PermissionDenied(_("This thread is locked."))
    if not post.is_visible:
        raise PermissionDenied(_("This post takes no comments."))
    if submit_token:
        existing = Comment.objects.filter(
            author=author, submit_token=submit_token
        ).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                post=post, author=author, body=body.strip(), submit_token=submit_token
            )
    except IntegrityError:
        return Comment.objects.get(author=author, submit_token=submit_token)
    Topic.objects.filter(pk=post.topic_id).update(last_activity_at=timezone.now())
    mentioned = notifications.notify_mentions(post=post, text=body, actor=author)
    if post.author_id not in {n.recipient_id for n in mentioned}:
        notifications.notify(
            recipients=[post.author_id],
            kind=notifications.Kind.COMMENT,
            actor=author,
            post=post,
            summary=notifications.SAYS[notifications.Kind.COMMENT]
            % {"actor": notifications.member_name(author), "title": post.topic.title},
        )
    return comment


@transaction.atomic
def comment_delete(*, user, comment: Comment) -> None:
    check_can_participate(user)
    if comment.author_id != user.pk and not is_moderator(user):
        raise PermissionDenied(_("Only the author can delete this comment."))
    Comment.objects.filter(pk=comment.pk).update(status=Visibility.DELETED)


MAX_IMAGES_PER_DAY = 30


def post_image_upload(*, user, upload) -> PostImage:
    """Store a picture for a post; the Markdown to show it is `![alt](url)`."""
    from ..images import POST_IMAGE_SIDE, clean_image

    check_can_participate(user)
    if trust.limits_for(user).images_per_post == 0:
        raise PermissionDenied(_("Your trust level does not allow pictures yet."))
    since = timezone.now() - timedelta(days=1)
    if PostImage.objects.filter(uploader=user, created_at__gte=since).count() >= (
        MAX_IMAGES_PER_DAY
    ):
        raise PermissionDenied(
            _("You uploaded many pictures today; try again tomorrow.")
        )
    image = clean_image(upload, max_side=POST_IMAGE_SIDE)
    post_image = PostImage(uploader=user, width=image.width, height=image.height)
    post_image.file.save(image.content.name, image.content, save=False)
    post_image.save()
    return post_image
