"""Every write to the forum: members' posts, votes and flags.

Each service checks permission first (raising PermissionDenied), then writes
inside a transaction, then schedules side effects (e-mail, search index) on
commit. Moderators' writes are in `moderation.py`.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kb.markup import render_markdown
from kb.search.selectors.languages import content_language

from .. import notifications, trust
from ..models import (
    Comment,
    Flag,
    Post,
    PostImage,
    PostRevision,
    Profile,
    Subscription,
    SuggestionOpen,
    Topic,
    Visibility,
    Vote,
)

UNSUBSCRIBE_SALT = "kb.forum.unsubscribe"
UNDO_DELETE_WINDOW = timedelta(minutes=10)


def is_moderator(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("forum.moderate_forum"))
    )


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def check_can_participate(user) -> None:
    """Members who are logged in, active and not banned may write."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in to take part."))
    if Profile.objects.filter(user=user, is_banned=True).exists():
        raise PermissionDenied(_("Your account may no longer post in the community."))


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


def profile_update(*, user, display_name: str) -> Profile:
    check_can_participate(user)
    profile = profile_for(user)
    profile.display_name = display_name.strip()
    profile.full_clean()
    profile.save(update_fields=["display_name"])
    return profile


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


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT
    )


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


def subscription_set(*, user, topic: Topic, subscribed: bool) -> bool:
    check_can_participate(user)
    if subscribed:
        Subscription.objects.get_or_create(topic=topic, user=user)
    else:
        Subscription.objects.filter(topic=topic, user=user).delete()
    return subscribed


def unsubscribe_token_read(token: str) -> dict | None:
    """The subscription and member ids an unsubscribe link carries; None if forged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def subscription_cancel_by_token(*, token: str) -> bool:
    """Unsubscribe from an e-mail link; False when the link is not genuine.

    A link used twice still answers True: the member is unsubscribed either way.
    """
    data = unsubscribe_token_read(token)
    if data is None:
        return False
    Subscription.objects.filter(pk=data.get("s"), user_id=data.get("u")).delete()
    return True


def suggestion_open_record(*, user, typed_title: str, url: str) -> SuggestionOpen:
    return SuggestionOpen.objects.create(
        user=user if user and user.is_authenticated else None,
        typed_title=typed_title[:200],
        url=url[:500],
    )


def profile_avatar_set(*, user, upload) -> Profile:
    """Replace a member's avatar by a checked, square 128-pixel copy (None removes)."""
    from ..images import AVATAR_SIDE, clean_image

    check_can_participate(user)
    profile = profile_for(user)
    old = profile.avatar.name if profile.avatar else ""
    if upload is None:
        profile.avatar = None
    else:
        image = clean_image(upload, max_side=AVATAR_SIDE, square=True)
        profile.avatar.save(image.content.name, image.content, save=False)
    profile.save(update_fields=["avatar"])
    if old:
        profile.avatar.storage.delete(old)
    return profile


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


def reputation_recount_all(*, progress=None) -> int:
    """Set each member's reputation to what votes and accepts give; how many changed.

    For repairs (e.g. after posts were merged or hidden); each member is updated
    in its own transaction, so votes arriving meanwhile are not lost."""
    changed = 0
    profiles = Profile.objects.select_related("user").order_by("pk")
    total = profiles.count()
    for n, profile in enumerate(profiles.iterator(), start=1):
        with transaction.atomic():
            locked = Profile.objects.select_for_update().get(pk=profile.pk)
            points = trust.reputation_recount(profile.user)
            if locked.reputation != points:
                Profile.objects.filter(pk=locked.pk).update(reputation=points)
                changed += 1
        if progress and (n % 500 == 0 or n == total):
            progress(f"{n}/{total} members checked")
    return changed
