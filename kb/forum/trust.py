"""Reputation and trust levels, as in Discourse: what members earn, and what new
members may not do yet. The rules are written for members in docs/community.md.

Reputation lives on Profile and only changes here, by F-expressions in the
transaction that records the vote or the accept, so concurrent votes all count.
A trust level is worked out from activity and time whenever it matters (so it
lifts by itself), unless a moderator set one.
"""

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kb.markup import render_markdown

from .models import Post, Profile, TrustLevel, Visibility

REPUTATION_FOR_QUESTION_VOTE = 5
REPUTATION_FOR_ANSWER_VOTE = 10
REPUTATION_FOR_ACCEPTED_ANSWER = 15


@dataclass(frozen=True)
class Requirement:
    """What a member needs to reach a level by themselves."""

    days: int
    posts: int
    reputation: int


@dataclass(frozen=True)
class Limits:
    """What a member at a level may do (None: no limit)."""

    links_per_post: int | None
    images_per_post: int | None
    posts_per_day: int | None
    held_for_approval: bool


REQUIREMENTS = {
    TrustLevel.BASIC: Requirement(days=1, posts=1, reputation=0),
    TrustLevel.MEMBER: Requirement(days=15, posts=10, reputation=20),
    TrustLevel.REGULAR: Requirement(days=50, posts=50, reputation=200),
}
LIMITS = {
    # As Discourse's defaults for new users: two links, one picture.
    TrustLevel.NEW: Limits(
        links_per_post=2, images_per_post=1, posts_per_day=10, held_for_approval=False
    ),
    TrustLevel.BASIC: Limits(
        links_per_post=None,
        images_per_post=None,
        posts_per_day=30,
        held_for_approval=False,
    ),
    TrustLevel.MEMBER: Limits(None, None, None, False),
    TrustLevel.REGULAR: Limits(None, None, None, False),
    TrustLevel.LEADER: Limits(None, None, None, False),
}
# Members at this level or above may edit any thread's tags.
EDITS_TAGS = TrustLevel.REGULAR

LINK = re.compile(r"<a\s")
IMAGE = re.compile(r"<img\s")


def _profile(user) -> Profile:
    """The member's profile, or an unsaved blank one (reads never write)."""
    return Profile.objects.filter(user=user).first() or Profile(user_id=user.pk)


def earned_level(*, user, profile: Profile | None = None) -> TrustLevel:
    """The level a member's activity and time have earned (no moderator's say)."""
    profile = profile or _profile(user)
    days = (timezone.now() - user.date_joined).days
    posts = Post.objects.filter(author=user, status=Visibility.VISIBLE).count()
    level = TrustLevel.NEW
    for candidate, needed in REQUIREMENTS.items():
        if (
            days >= needed.days
            and posts >= needed.posts
            and profile.reputation >= needed.reputation
        ):
            level = candidate
    return level


def trust_level(user) -> TrustLevel:
    """A member's level: the one a moderator set, else the one they earned."""
    from .services import is_moderator

    if is_moderator(user):
        return TrustLevel.LEADER
    profile = _profile(user)
    if profile.trust_level_set is not None:
        return TrustLevel(profile.trust_level_set)
    return earned_level(user=user, profile=profile)


def limits_for(user) -> Limits:
    level = trust_level(user)
    limits = LIMITS[level]
    if level == TrustLevel.NEW and settings.KB_FORUM_HOLD_NEW_MEMBER_POSTS:
        limits = replace(limits, held_for_approval=True)
    return limits


def check_post_allowed(*, user, body: str) -> Limits:
    """Refuse a post that breaks the author's limits, with what to change."""
    limits = limits_for(user)
    html = render_markdown(body)  # counted as readers will see them
    links, images = len(LINK.findall(html)), len(IMAGE.findall(html))
    if limits.images_per_post is not None and images > limits.images_per_post:
        raise PermissionDenied(
            ngettext(
                "New members can show %(count)d picture in a post; "
                "this limit lifts after your first day and first post.",
                "New members can show %(count)d pictures in a post; "
                "this limit lifts after your first day and first post.",
                limits.images_per_post,
            )
            % {"count": limits.images_per_post}
        )
    if limits.links_per_post is not None and links > limits.links_per_post:
        raise PermissionDenied(
            ngettext(
                "New members can put %(count)d link in a post; "
                "this limit lifts after your first day and first post.",
                "New members can put %(count)d links in a post; "
                "this limit lifts after your first day and first post.",
                limits.links_per_post,
            )
            % {"count": limits.links_per_post}
        )
    if limits.posts_per_day is not None:
        today = Post.objects.filter(
            author=user, created_at__gte=timezone.now() - timedelta(days=1)
        ).count()
        if today >= limits.posts_per_day:
            raise PermissionDenied(
                ngettext(
                    "At your trust level you can post %(count)d time a day; "
                    "please come back tomorrow.",
                    "At your trust level you can post %(count)d times a day; "
                    "please come back tomorrow.",
                    limits.posts_per_day,
                )
                % {"count": limits.posts_per_day}
            )
    return limits


def trust_level_set(*, moderator, user, level: int | None) -> Profile:
    """A moderator fixes a member's level (None: back to what they earned)."""
    from .moderation import check_moderator

    check_moderator(moderator)
    if level is not None and level not in TrustLevel.values:
        raise PermissionDenied(_("That trust level does not exist."))
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={"trust_level_set": level}
    )
    from .badges import award_badges_later

    award_badges_later(user.pk)
    return profile


def reputation_add(*, user_id: int, points: int) -> None:
    """Change a member's reputation in the caller's transaction (atomically)."""
    if not points:
        return
    Profile.objects.get_or_create(user_id=user_id)
    Profile.objects.filter(user_id=user_id).update(reputation=F("reputation") + points)


def points_for_vote(post: Post) -> int:
    return (
        REPUTATION_FOR_QUESTION_VOTE if post.is_question else REPUTATION_FOR_ANSWER_VOTE
    )


def reputation_recount(user) -> int:
    """Reputation worked out again from the votes on their visible posts and their
    accepted answers (for the recount command)."""
    from .models import Topic, Visibility, Vote

    votes = Vote.objects.filter(post__author=user, post__status=Visibility.VISIBLE)
    points = (
        votes.filter(post__is_question=True).count() * REPUTATION_FOR_QUESTION_VOTE
        + votes.filter(post__is_question=False).count() * REPUTATION_FOR_ANSWER_VOTE
        + Topic.objects.filter(accepted_answer__author=user)
        .exclude(author=user)
        .count()
        * REPUTATION_FOR_ACCEPTED_ANSWER
    )
    return points
