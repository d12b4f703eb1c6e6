"""Moderators' and editors' writes: hide, restore, approve, lock, pin, move, merge,
ban, resolve flags, and turn a thread into a draft help article."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import notifications
from .models import Flag, Post, Profile, Subscription, Topic, Visibility
from .services import (
    accepted_answer_change,
    is_moderator,
    reindex_topic,
    set_post_status,
)


def check_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def _resolve_flags(*, moderator, post: Post, resolution: str) -> None:
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution
    )


@transaction.atomic
def post_hide(*, moderator, post: Post) -> Post:
    check_moderator(moderator)
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if post.status != Visibility.HIDDEN:
        set_post_status(post=post, status=Visibility.HIDDEN)
        _tell_author(post, moderator, notifications.MODERATOR_SAYS["hidden"])
    _resolve_flags(moderator=moderator, post=post, resolution="hidden")
    return post


def _tell_author(post: Post, moderator, summary: str) -> None:
    notifications.notify(
        recipients=[post.author_id],
        kind=notifications.Kind.MODERATION,
        actor=moderator,
        post=post,
        summary=summary.format(title=post.topic.title),
    )


@transaction.atomic
def post_restore(*, moderator, post: Post) -> Post:
    """Show a hidden, deleted or pending post again (approving a held post)."""
    check_moderator(moderator)
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if post.status != Visibility.VISIBLE:
        approving = post.status == Visibility.PENDING
        set_post_status(post=post, status=Visibility.VISIBLE)
        _tell_author(
            post,
            moderator,
            notifications.MODERATOR_SAYS["approved" if approving else "restored"],
        )
    _resolve_flags(moderator=moderator, post=post, resolution="kept")
    return post


@transaction.atomic
def flags_dismiss(*, moderator, post: Post) -> None:
    check_moderator(moderator)
    _resolve_flags(moderator=moderator, post=post, resolution="dismissed")


@transaction.atomic
def topic_set_locked(*, moderator, topic: Topic, locked: bool) -> Topic:
    check_moderator(moderator)
    Topic.objects.filter(pk=topic.pk).update(is_locked=locked)
    topic.is_locked = locked
    return topic


@transaction.atomic
def topic_set_pinned(*, moderator, topic: Topic, pinned: bool) -> Topic:
    check_moderator(moderator)
    Topic.objects.filter(pk=topic.pk).update(is_pinned=pinned)
    topic.is_pinned = pinned
    return topic


@transaction.atomic
def topic_move(*, moderator, topic: Topic, section) -> Topic:
    check_moderator(moderator)
    Topic.objects.filter(pk=topic.pk).update(section=section)
    topic.section = section
    reindex_topic(topic)
    return topic


@transaction.atomic
def topic_merge(*, moderator, source: Topic, target: Topic) -> Topic:
    """Merge a duplicate into the original: its answers and followers move over,
    and its address redirects to the original."""
    check_moderator(moderator)
    if source.pk == target.pk:
        raise ValidationError(_("A thread can't be merged into itself."))
    if target.merged_into_id:
        raise ValidationError(
            _("That thread was itself merged; pick the one it went to.")
        )
    source = Topic.objects.select_for_update().get(pk=source.pk)
    if source.accepted_answer_id:  # its answer moves, unaccepted, with its points
        accepted_answer_change(topic=source, answer=None, actor=moderator)
    Post.objects.filter(topic=source, is_question=False).update(topic=target)
    for user_id in Subscription.objects.filter(topic=source).values_list(
        "user_id", flat=True
    ):
        Subscription.objects.get_or_create(topic=target, user_id=user_id)
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    Topic.objects.filter(pk=source.pk).update(
        merged_into=target,
        accepted_answer=None,
        answer_count=0,
        status=Visibility.MERGED,
    )
    counts = Post.objects.filter(topic=target).aggregate(
        answers=Count("pk", filter=Q(is_question=False, status=Visibility.VISIBLE))
    )
    Topic.objects.filter(pk=target.pk).update(
        answer_count=counts["answers"], last_activity_at=timezone.now()
    )
    reindex_topic(source)
    reindex_topic(target)
    target.refresh_from_db()
    return target


@transaction.atomic
def member_ban(*, moderator, user, banned: bool = True) -> Profile:
    """A banned member can read but no longer post, vote or flag; their posts
    that wait for approval are hidden."""
    check_moderator(moderator)
    if user.pk == moderator.pk:
        raise ValidationError(_("You can't ban yourself."))
    if is_moderator(user):
        raise ValidationError(
            _("Moderators can't be banned here; remove their role first.")
        )
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.is_banned = banned
    profile.banned_at = timezone.now() if banned else None
    profile.save(update_fields=["is_banned", "banned_at"])
    notifications.notify(
        recipients=[user.pk],
        kind=notifications.Kind.MODERATION,
        actor=moderator,
        summary=notifications.MODERATOR_SAYS["suspended" if banned else "unsuspended"],
    )
    if banned:
        for post in Post.objects.filter(
            author=user, status=Visibility.PENDING
        ).select_related("topic"):
            set_post_status(post=post, status=Visibility.HIDDEN)
    return profile


def _page_policy():
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy()


def can_make_article(user) -> bool:
    """Editors who may add pages somewhere in the page tree (Wagtail page permissions)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return _page_policy().user_has_permission(user, "add")


def _category_for(user):
    from kb.articles.models import CategoryPage

    policy = _page_policy()
    for category in CategoryPage.objects.order_by("path"):
        if policy.user_has_permission_for_instance(user, "add", category):
            return category
    return None


@transaction.atomic
def topic_to_article(*, editor, topic: Topic, category=None, thread_url: str = ""):
    """Make a draft help article from a thread: its title, the question and the
    accepted answer, and a link back. Returns the draft ArticlePage."""
    from kb.articles.models import ArticlePage

    if not can_make_article(editor):
        raise PermissionDenied(_("Only editors can create articles."))
    if category is None:
        category = _category_for(editor)
    elif not _page_policy().user_has_permission_for_instance(editor, "add", category):
        raise PermissionDenied(_("You can't add articles to that category."))
    if category is None:
        raise ValidationError(_("Create a help center category you can edit first."))
    question = topic.posts.filter(is_question=True).first()
    body = []
    if question:
        body.append(("markdown", question.body_markdown))
    if topic.accepted_answer_id:
        body.append(("heading", {"text": "Answer", "level": "h2"}))
        body.append(("markdown", topic.accepted_answer.body_markdown))
    link = escape(thread_url or topic.get_absolute_url())
    body.append(
        (
            "paragraph",
            f'<p>Based on the community thread <a href="{link}">{escape(topic.title)}</a>.</p>',
        )
    )
    article = ArticlePage(
        title=topic.title[:255],
        summary=f"How to: {topic.title}"[:500],
        body=body,
        live=False,
        owner=editor,
    )
    category.add_child(instance=article)
    article.save_revision(user=editor)
    Topic.objects.filter(pk=topic.pk).update(article=article)
    topic.article = article
    topic.related_articles.add(article)
    return article


@transaction.atomic
def topic_link_article(*, editor, topic: Topic, article, linked: bool = True) -> Topic:
    if not (can_make_article(editor) or is_moderator(editor)):
        raise PermissionDenied(_("Only editors and moderators can link articles."))
    if linked:
        topic.related_articles.add(article)
    else:
        topic.related_articles.remove(article)
    return topic
